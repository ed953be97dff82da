package handlers

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"sitecard/internal/chat"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// chatbot is the "ask me" window: the form (htmx or plain, a page without JavaScript) and
// the seed's JSON API. The conversation is kept in the visitor's session, per card.
type chatbot struct {
	*site
	sessions *session.Store
	chat     Chat
}

// ChatView is the chat panel and page.
type ChatView struct {
	View
	Card        *models.Card
	Name        string // the card's name in the page's language
	AskedLang   string // the ?lang= the page was asked in, kept by the form (contact.go)
	History     []ChatTurn
	Form        *FormView
	Alert       string
	Suggestions []string // questions the card can answer, offered before the first
}

// ChatTurn is a question and its answer as bubbles.
type ChatTurn struct {
	Question, Answer string
	Fallback, Latest bool
}

// visitorSessionLife is how long a visitor's session (their chat) lives.
const visitorSessionLife = 24 * time.Hour

func historyKey(cardID int64) string { return "chat:" + strconv.FormatInt(cardID, 10) }

// history reads the visitor's conversation with a card from their session. Without a
// session cookie there is none, and none is made.
func (h *chatbot) history(c *fiber.Ctx, cardID int64) []chat.Turn {
	if c.Cookies(sessionCookie) == "" {
		return nil
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return nil
	}
	raw, _ := sess.Get(historyKey(cardID)).(string)
	var turns []chat.Turn
	if raw != "" && json.Unmarshal([]byte(raw), &turns) != nil {
		return nil
	}
	return turns
}

// remember keeps the conversation, as the chatbot returned it, in the visitor's session.
func (h *chatbot) remember(c *fiber.Ctx, cardID int64, turns []chat.Turn) error {
	raw, err := json.Marshal(turns)
	if err != nil {
		return err
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(historyKey(cardID), string(raw))
	if _, member := sess.Get(sessionMember).(int64); !member {
		sess.SetExpiry(visitorSessionLife) // a visitor's conversation is kept a day, not a week
	}
	return sess.Save()
}

func (h *chatbot) view(c *fiber.Ctx, card *models.Card, turns []chat.Turn, values map[string]string, errs validate.Errors, alert string) *ChatView {
	v := h.visitorView(c)
	v.Title = v.T("chat.title")
	cv := &ChatView{View: v, Card: card, Name: cardName(card, v.Lang), AskedLang: askedLang(c), Alert: alert}
	for i, t := range turns {
		cv.History = append(cv.History, ChatTurn{Question: t.Question, Answer: t.Answer, Latest: i == len(turns)-1})
	}
	cv.Form = newForm(&cv.View, "chat", validate.Chat(), values, errs)
	if len(turns) == 0 {
		// Suggestions only help; a card whose topics cannot be read now simply has none.
		topics, _ := h.chat.Topics(c.UserContext(), card.Slug)
		for _, topic := range topics {
			cv.Suggestions = append(cv.Suggestions, v.T("chat.suggest."+topic))
		}
	}
	return cv
}

// page is GET /c/:slug/chat: the conversation so far and the form.
func (h *chatbot) page(c *fiber.Ctx) error {
	card, err := h.chat.Card(c.UserContext(), c.Params("slug"))
	if err != nil {
		return err
	}
	// A suggested question (a link, so that it works without JavaScript) arrives as ?q=
	// and fills the form; it is asked when the visitor sends it.
	var values map[string]string
	if q := c.Query("q"); q != "" && len(validate.Chat().Check(map[string]string{"question": q})) == 0 {
		values = map[string]string{"question": q}
	}
	cv := h.view(c, card, h.history(c, card.ID), values, nil, "")
	if isHTMX(c) {
		return h.render.partial(c, fiber.StatusOK, "chat-panel", cv)
	}
	return h.render.send(c, fiber.StatusOK, "chat", cv)
}

// submit is the form's POST /chat: bubbles for htmx, or back to the page.
func (h *chatbot) submit(c *fiber.Ctx) error {
	values := formValues(c, "card", "question")
	if values["card"] == "" {
		return fiber.ErrNotFound
	}
	reply, err := h.chat.Ask(c.UserContext(), services.Question{Card: values["card"], Text: values["question"], ClientIP: h.proxies.clientIP(c),
		UILang: h.visitorView(c).Lang, History: func(cardID int64) []chat.Turn { return h.history(c, cardID) }})
	var ve *services.ValidationError
	switch {
	case errors.As(err, &ve):
		return h.refused(c, values, ve.Errors, "", formStatus(c))
	case errors.Is(err, services.ErrRateLimited):
		return h.refused(c, values, nil, "chat.throttled", fiber.StatusTooManyRequests)
	case err != nil:
		return err
	}
	if err := h.remember(c, reply.CardID, reply.History); err != nil {
		return err
	}
	question := strings.TrimSpace(values["question"])
	if isHTMX(c) {
		return h.render.partial(c, fiber.StatusOK, "chat-turn", ChatTurn{Question: question, Answer: reply.Answer, Fallback: reply.Fallback, Latest: true})
	}
	next := "/c/" + reply.CardSlug + "/chat"
	if lang := askedLang(c); lang != "" {
		next += "?lang=" + lang
	}
	return c.Redirect(next+"#chat-latest", fiber.StatusSeeOther)
}

// refused shows the form again with its message: in place of the form for htmx (whose
// request targets the conversation), or as the page.
func (h *chatbot) refused(c *fiber.Ctx, values map[string]string, errs validate.Errors, alertKey string, status int) error {
	card, err := h.chat.Card(c.UserContext(), values["card"])
	if err != nil {
		return err
	}
	alert := ""
	if alertKey != "" {
		v := h.visitorView(c)
		alert = v.T(alertKey) // said in the page's language
	}
	cv := h.view(c, card, h.history(c, card.ID), values, errs, alert)
	if isHTMX(c) {
		c.Set("HX-Retarget", "#chat-form")
		c.Set("HX-Reswap", "outerHTML")
		return h.render.partial(c, status, "chat-form", cv)
	}
	return h.render.send(c, status, "chat", cv)
}

// api is the seed's POST /chat/ with {"question":"…","card":"slug"?} → {"answer":"…"}.
// The form shares the path (Fiber does not tell /chat from /chat/), so anything that is
// not JSON, and not at /chat/, goes on to the form's route.
func (h *chatbot) api(c *fiber.Ctx) error {
	if !sendsJSON(c) && !strings.HasSuffix(c.Path(), "/") {
		return c.Next()
	}
	var in struct {
		Question *string `json:"question"`
		Card     string  `json:"card"`
	}
	if err := readJSON(c, &in); err != nil {
		return err
	}
	question := ""
	if in.Question != nil {
		question = *in.Question
	}
	// A client that carries a session (a browser) keeps its conversation; others ask alone.
	hasSession := c.Cookies(sessionCookie) != ""
	r, err := h.chat.Ask(c.UserContext(), services.Question{Card: in.Card, Text: question, ClientIP: h.proxies.clientIP(c),
		UILang: h.render.view(c).Lang, History: func(cardID int64) []chat.Turn { return h.history(c, cardID) }})
	var ve *services.ValidationError
	switch {
	case errors.As(err, &ve):
		return h.replyInvalid(c, ve)
	case err != nil:
		return reply(c, classify(err).status, h.explain(c, err), nil)
	}
	if hasSession {
		if err := h.remember(c, r.CardID, r.History); err != nil {
			return err
		}
	}
	extra := fiber.Map{"answer": r.Answer}
	if r.Fallback {
		extra["fallback"] = true
	}
	return reply(c, fiber.StatusOK, "success", extra)
}
