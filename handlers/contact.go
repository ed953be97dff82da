package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/i18n"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// contact takes visitors' messages: the form (htmx or plain) and the seed's JSON API.
// The checks live in messages.Intake; this only reads the request and renders.
type contact struct {
	*site
	cards    CardPages
	contacts Intake
	views    Views
	book     AddressBook
}

// ContactView is the message form and its answer.
type ContactView struct {
	View
	Card *models.Card
	Name string // the card's name in the page's language
	// AskedLang is the ?lang= the page was asked in ("" for none), kept in the form's
	// action so that the answer after sending is in the page's language too.
	AskedLang string
	Form      *FormView
	Stamp     string
	// Reach is where a message would go now (messages.Reach's key), said above the form;
	// Sent where the accepted one goes, said instead of the form ("" is the form).
	Reach string
	Sent  string
	Alert string
}

// askedLang is the language the request names with ?lang= (a language's own address of
// the page, as the card page links it), "" when it names none. It is one of the
// catalog's constants, never the query's borrowed string.
func askedLang(c *fiber.Ctx) string { return i18n.Canonical(c.Query("lang")) }

// visitorView is the view of a page opened from a card: ?lang= wins over the cookie and
// Accept-Language, as on the card page, so that a visitor with no cookie who followed an
// English link reads English.
func (s *site) visitorView(c *fiber.Ctx) View {
	v := s.render.view(c)
	if lang := askedLang(c); lang != "" {
		v.Lang = lang
	}
	return v
}

func (h *contact) renderForm(c *fiber.Ctx, status int, card *models.Card, values map[string]string, errs validate.Errors, alertKey string, sent string) error {
	v := h.visitorView(c)
	v.Title = v.T("kakao.title")
	alert := ""
	if alertKey != "" {
		alert = v.T(alertKey)
	}
	cv := &ContactView{View: v, Card: card, Name: cardName(card, v.Lang), AskedLang: askedLang(c), Stamp: h.contacts.Stamp(), Sent: sent, Alert: alert}
	if sent == "" {
		reach, err := h.contacts.Reach(c.UserContext(), card.Slug)
		if err != nil {
			return err
		}
		cv.Reach = reach.Key()
	}
	cv.Form = newForm(&cv.View, "contact", validate.Contact(), values, errs)
	if isHTMX(c) {
		return h.render.partial(c, status, "contact-form", cv)
	}
	return h.render.send(c, status, "contact", cv)
}

func (h *contact) form(c *fiber.Ctx) error {
	card, err := h.cards.BySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return err
	}
	sent := c.Query("sent")
	if sent != "" && !h.contacts.ValidReachKey(sent) {
		sent = messages.ReachSaved // "1" from an older form, or anything else
	}
	// The card page's source goes on with the form (a hidden field, sharing.html), so
	// that a message sent from this page counts under it.
	src := services.PageSource(c.Get(fiber.HeaderReferer), c.Get(fiber.HeaderUserAgent), h.cfg.BaseURL.Host)
	return h.renderForm(c, fiber.StatusOK, card, map[string]string{"src": src}, nil, "", sent)
}

// submit takes the form. The card is loaded only to show the form again: a message that
// is accepted goes straight from the form to the service.
func (h *contact) submit(c *fiber.Ctx) error {
	values := formValues(c, "card", "name", "email", "message", "share_phone", "share_org", "share_title", "share_consent", "src")
	slug, ok := validate.CardSlug(values["card"])
	if !ok {
		return errUnknownCard
	}
	values["card"] = slug
	// The visitor's own contact, offered below the message (share.go): checked first, so
	// that a refused field comes back with the form and nothing is stored.
	shared, err := h.sharedFields(c, values)
	var m *models.Message
	if err == nil {
		m, err = h.contacts.Submit(c.UserContext(), messages.Contact{Card: values["card"], Name: values["name"],
			Email: values["email"], Message: values["message"], ClientIP: h.proxies.clientIP(c),
			Form: true, Stamp: c.FormValue("t"), Honeypot: c.FormValue(messages.Honeypot)})
	}
	if err == nil {
		if serr := h.book.Share(c.UserContext(), m, shared); serr != nil {
			// The message is stored and on its way; only the shared contact is lost.
			h.log.Error("shared contact", "message", m.ID, "err", serr)
		}
	}
	if err == nil && m != nil && m.CardID != nil {
		source := services.PageSource(c.Get(fiber.HeaderReferer), c.Get(fiber.HeaderUserAgent), h.cfg.BaseURL.Host)
		if values["src"] != "" && source == services.SourceDirect {
			source = services.SourceOf(services.Visit{Src: values["src"]})
		}
		h.views.RecordMessageSource(*m.CardID, source)
	}
	if err == nil || errors.Is(err, services.ErrSpam) {
		// A robot that filled the invisible field is told "saved"; nothing was stored.
		reach, rerr := h.contacts.Reached(c.UserContext(), m)
		if rerr != nil {
			return rerr
		}
		if isHTMX(c) {
			return h.renderForm(c, fiber.StatusOK, &models.Card{Slug: values["card"]}, nil, nil, "", reach.Key())
		}
		next := "/c/" + values["card"] + "/contact?sent=" + reach.Key()
		if lang := askedLang(c); lang != "" {
			next += "&lang=" + lang
		}
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	if !isFormRefusal(err) {
		return err // the database, say: a 503 with its reason, never a form error
	}
	card, cerr := h.cards.BySlug(c.UserContext(), values["card"])
	if errors.Is(cerr, models.ErrNotFound) {
		return errUnknownCard
	}
	if cerr != nil {
		return cerr
	}
	var ve *services.ValidationError
	switch {
	case errors.As(err, &ve):
		return h.renderForm(c, formStatus(c), card, values, ve.Errors, "", "")
	case errors.Is(err, services.ErrFormExpired):
		return h.renderForm(c, formStatus(c), card, values, nil, "contact.expired", "")
	case errors.Is(err, services.ErrTooFast):
		return h.renderForm(c, formStatus(c), card, values, nil, "contact.too_fast", "")
	case errors.Is(err, services.ErrRateLimited):
		return h.renderForm(c, fiber.StatusTooManyRequests, card, values, nil, "contact.throttled", "")
	}
	return err
}

// api is POST /kakao/ with {"name","email","message","card"?}.
func (h *contact) api(c *fiber.Ctx) error {
	var in struct {
		Name    *string `json:"name"`
		Email   *string `json:"email"`
		Message *string `json:"message"`
		Card    string  `json:"card"`
	}
	if err := readJSON(c, &in); err != nil {
		return err
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	m, err := h.contacts.Submit(c.UserContext(), messages.Contact{Card: in.Card, Name: str(in.Name), Email: str(in.Email),
		Message: str(in.Message), ClientIP: h.proxies.clientIP(c), IdempotencyKey: c.Get("Idempotency-Key")})
	var ve *services.ValidationError
	switch {
	case errors.As(err, &ve):
		return h.replyInvalid(c, ve)
	case errors.Is(err, services.ErrRateLimited):
		return reply(c, fiber.StatusTooManyRequests, "too many messages; try again later", nil)
	case err != nil:
		return err
	}
	reach, err := h.contacts.Reached(c.UserContext(), m)
	if err != nil {
		return err
	}
	// "success" is that the message is stored; delivery says where it goes.
	channels := reach.Channels
	if channels == nil {
		channels = []string{}
	}
	return reply(c, fiber.StatusOK, "success", fiber.Map{"id": m.ID, "delivery": fiber.Map{"state": reach.State(), "channels": channels}})
}

// isFormRefusal reports whether err is the form's fault, to be shown on the form again.
func isFormRefusal(err error) bool {
	var ve *services.ValidationError
	return errors.As(err, &ve) || errors.Is(err, services.ErrFormExpired) || errors.Is(err, services.ErrTooFast) ||
		errors.Is(err, services.ErrRateLimited)
}
