package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
	"sitecard/services"
	"sitecard/validate"
)

// Spam defence without third parties: a field people never see, and a minimum time
// between showing the form and sending it (a signed timestamp, so no state is kept).
const (
	minFillTime = 3 * time.Second
	maxFormAge  = 24 * time.Hour
	honeypot    = "website"
	maxJSONBody = 64 << 10
)

// contact takes visitors' messages: the form (htmx or plain) and the seed's JSON API.
type contact struct {
	site   *site
	auth   *auth
	cards  *services.Cards
	outbox *services.Outbox
	secret []byte
	now    func() time.Time
}

// Register adds the contact routes. The form carries the CSRF check; the JSON API is
// exempt but demands application/json, which a cross-site form cannot send.
func (h *contact) Register(r fiber.Router) {
	r.Get("/c/:slug/contact", h.auth.csrf, h.form)
	r.Post("/contact", h.auth.csrf, h.submit)
	r.Post("/kakao", h.api)
	r.Post("/kakao/", h.api)
}

// ContactView is the message form and its answer.
type ContactView struct {
	View
	Card    *models.Card
	Form    *FormView
	Stamp   string
	Sent    bool
	Alert   string
	Partial bool
}

func (h *contact) stamp(t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, h.secret)
	mac.Write([]byte("contact:" + ts))
	return ts + "." + hex.EncodeToString(mac.Sum(nil)[:16])
}

// stampAge checks a stamp and returns how long ago the form was shown.
func (h *contact) stampAge(s string) (time.Duration, bool) {
	ts, _, ok := strings.Cut(s, ".")
	if !ok || !hmac.Equal([]byte(h.stamp(time.Unix(atoi64(ts), 0))), []byte(s)) {
		return 0, false
	}
	return h.now().Sub(time.Unix(atoi64(ts), 0)), true
}

func atoi64(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }

func (h *contact) render(c *fiber.Ctx, status int, card *models.Card, values map[string]string, errs validate.Errors, alert string, sent bool) error {
	v := h.auth.view(c)
	v.Title = v.T("kakao.title")
	cv := &ContactView{View: v, Card: card, Stamp: h.stamp(h.now()), Sent: sent, Alert: alert, Partial: isHTMX(c)}
	delete(values, honeypot)
	cv.Form = newForm(&cv.View, "contact", validate.Contact(), values, errs)
	return h.site.render.send(c, status, "contact", cv)
}

func (h *contact) form(c *fiber.Ctx) error {
	card, err := h.cards.BySlug(c.UserContext(), c.Params("slug"))
	if err != nil {
		return serviceError(err)
	}
	return h.render(c, fiber.StatusOK, card, nil, nil, "", c.Query("sent") == "1")
}

func (h *contact) submit(c *fiber.Ctx) error {
	values := formValues(c, "card", "name", "email", "message")
	card, err := h.cards.BySlug(c.UserContext(), values["card"])
	if err != nil {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "unknown card")
	}
	v := h.auth.view(c)
	age, ok := h.stampAge(c.FormValue("t"))
	switch {
	case c.FormValue(honeypot) != "":
		// A robot filled the invisible field: it is told "sent", and nothing is stored.
		return h.sent(c, card)
	case !ok || age > maxFormAge:
		return h.render(c, formStatus(c), card, values, nil, v.T("contact.expired"), false)
	case age < minFillTime:
		return h.render(c, formStatus(c), card, values, nil, v.T("contact.too_fast"), false)
	}
	_, err = h.outbox.Submit(c.UserContext(), services.Contact{Card: card.Slug, Name: values["name"],
		Email: values["email"], Message: values["message"], ClientIP: c.IP()})
	var ve *services.ValidationError
	switch {
	case errors.As(err, &ve):
		return h.render(c, formStatus(c), card, values, ve.Errors, "", false)
	case errors.Is(err, services.ErrRateLimited):
		return h.render(c, fiber.StatusTooManyRequests, card, values, nil, v.T("contact.throttled"), false)
	case err != nil:
		return err
	}
	return h.sent(c, card)
}

func (h *contact) sent(c *fiber.Ctx, card *models.Card) error {
	if isHTMX(c) {
		return h.render(c, fiber.StatusOK, card, nil, nil, "", true)
	}
	return c.Redirect("/c/"+card.Slug+"/contact?sent=1", fiber.StatusSeeOther)
}

// apiReply is the seed's JSON answer.
func apiReply(c *fiber.Ctx, status int, message string, extra fiber.Map) error {
	body := fiber.Map{"status": fiber.Map{"code": status, "message": message}}
	for k, v := range extra {
		body[k] = v
	}
	return c.Status(status).JSON(body)
}

// api is POST /kakao/ with {"name","email","message","card"?}.
func (h *contact) api(c *fiber.Ctx) error {
	if len(c.Body()) > maxJSONBody {
		return apiReply(c, fiber.StatusRequestEntityTooLarge, "body over 64 KB", nil)
	}
	if !strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderContentType)), fiber.MIMEApplicationJSON) {
		return apiReply(c, fiber.StatusUnsupportedMediaType, "Content-Type must be application/json", nil)
	}
	var in struct {
		Name    *string `json:"name"`
		Email   *string `json:"email"`
		Message *string `json:"message"`
		Card    string  `json:"card"`
	}
	if err := json.Unmarshal(c.Body(), &in); err != nil {
		return apiReply(c, fiber.StatusBadRequest, "body is not a JSON object with string fields", nil)
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	m, err := h.outbox.Submit(c.UserContext(), services.Contact{Card: in.Card, Name: str(in.Name), Email: str(in.Email),
		Message: str(in.Message), ClientIP: c.IP()})
	var ve *services.ValidationError
	switch {
	case errors.As(err, &ve):
		v := h.site.render.view(c)
		reasons := fiber.Map{}
		for f, e := range ve.Errors {
			reasons[f] = message(v.T, e)
		}
		return apiReply(c, fiber.StatusUnprocessableEntity, "invalid input", fiber.Map{"errors": reasons})
	case errors.Is(err, services.ErrRateLimited):
		return apiReply(c, fiber.StatusTooManyRequests, "too many messages; try again later", nil)
	case err != nil:
		return err
	}
	return apiReply(c, fiber.StatusOK, "success", fiber.Map{"id": m.ID})
}
