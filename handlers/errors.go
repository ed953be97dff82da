package handlers

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/database"
	"sitecard/services"
)

// failure is what an error means for the client: a status and the text shown, by key.
type failure struct {
	status int
	key    string
}

// refusal is an answer a handler gives itself, with the text a person reads by its key.
type refusal struct {
	status int
	key    string
}

func (r *refusal) Error() string { return r.key }

// Refusals the handlers give.
var (
	errSignInFirst = &refusal{fiber.StatusUnauthorized, "error.sign_in"}
	errUnknownCard = &refusal{fiber.StatusUnprocessableEntity, "contact.unknown_card"}
)

// byKind is what each kind of service error means for the client: its status, and the
// text shown when the error names none of its own.
var byKind = [...]failure{
	services.Internal:     {fiber.StatusInternalServerError, "error.title"},
	services.NotFound:     {fiber.StatusNotFound, "notfound.title"},
	services.Forbidden:    {fiber.StatusForbidden, "error.forbidden"},
	services.Unauthorized: {fiber.StatusUnauthorized, "error.sign_in"},
	services.Invalid:      {fiber.StatusUnprocessableEntity, "error.invalid"},
	services.Refused:      {fiber.StatusBadRequest, ""},
	services.Conflict:     {fiber.StatusConflict, "error.conflict"},
	services.TooMany:      {fiber.StatusTooManyRequests, "error.rate_limited"},
	services.Unavailable:  {fiber.StatusServiceUnavailable, "error.unavailable"},
	services.Upstream:     {fiber.StatusBadGateway, "kakao.failed"},
}

// classify maps an error to its failure: the one table where errors become status codes.
// A service error is decided by its kind and shows the text its key names (or its kind's);
// a refusal the handlers give and Fiber's own errors carry their status.
func classify(err error) failure {
	var fe *fiber.Error
	var r *refusal
	switch {
	case errors.As(err, &r):
		return failure{r.status, r.key}
	case errors.As(err, &fe):
		return failure{fe.Code, ""}
	}
	kind := services.KindOf(err)
	if kind == services.Internal && database.Down(err) {
		kind = services.Unavailable
	}
	f := byKind[kind]
	if key := services.KeyOf(err); key != "" {
		f.key = key
	}
	return f
}

// refusedBy is what a service's refusal means for the form that caused it: the status
// (a field problem keeps the form's status, which htmx swaps) and the key of the text.
// ok is false when err names no refusal (a database down, a bug): the handler returns
// it to the error handler.
func refusedBy(c *fiber.Ctx, err error) (f failure, ok bool) {
	var se *services.Error
	if !errors.As(err, &se) {
		return failure{}, false
	}
	f = classify(err)
	if se.Kind == services.Invalid {
		f.status = formStatus(c)
	}
	return f, true
}

// replyInvalid answers an API request's field errors: 422, with each field's reason in the
// client's language.
func (s *site) replyInvalid(c *fiber.Ctx, ve *services.ValidationError) error {
	v := s.render.view(c)
	reasons := fiber.Map{}
	for f, e := range ve.Errors {
		reasons[f] = message(v.T, e)
	}
	return reply(c, fiber.StatusUnprocessableEntity, "invalid input", fiber.Map{"errors": reasons})
}

// explain is the text a person reads for err: translated, with Kakao's error code when
// KakaoTalk refused (the code helps the owner; Kakao's own words go to the log only).
// Fiber's own errors (a bad body, a wrong method) are explained by their status.
func (s *site) explain(c *fiber.Ctx, err error) string {
	f := classify(err)
	if f.key == "" {
		f.key = "error.status_" + strconv.Itoa(f.status)
		if !s.render.catalog.Has(f.key) {
			f.key = "error.title"
		}
	}
	msg := s.t(c, f.key)
	var up *services.UpstreamError
	if errors.As(err, &up) && up.Code != "" {
		msg += " (" + up.Code + ")"
	}
	return msg
}

// handleError is Fiber's error handler: every error a handler returns is answered here,
// as JSON, a fragment or a page. Internal details are logged and never shown.
func (s *site) handleError(c *fiber.Ctx, err error) error {
	f := classify(err)
	if f.status >= 500 {
		s.log.ErrorContext(c.UserContext(), "request failed", "method", c.Method(), "path", c.Path(), "err", err)
	} else if errors.Is(err, services.ErrUpstream) {
		s.log.WarnContext(c.UserContext(), "kakao refused", "path", c.Path(), "err", err)
	}
	msg := s.explain(c, err)
	if wantsJSON(c) || isAPI(c) {
		// An API client reads the technical reason Fiber or readJSON gave, if any.
		var fe *fiber.Error
		switch {
		case f.status == fiber.StatusInternalServerError:
			msg = "internal error"
		case errors.As(err, &fe):
			msg = fe.Message
		}
		return reply(c, f.status, msg, nil)
	}
	switch f.status {
	case fiber.StatusNotFound:
		return s.notFound(c, false)
	case fiber.StatusForbidden:
		// A heading that names the page, and the reason under it: the same sentence twice
		// told the reader nothing more.
		v := s.render.view(c)
		v.Title, v.Status = v.T("forbidden.title"), f.status
		return s.render.send(c, f.status, "forbidden", &ReasonView{View: v, Reason: msg + " " + v.T("forbidden.hint")})
	}
	v := s.render.view(c)
	v.Title, v.Status = v.T("error.title"), f.status
	reason := ""
	if f.status != fiber.StatusInternalServerError {
		v.Title, reason = msg, msg
	}
	if rerr := s.render.send(c, f.status, "error", &ReasonView{View: v, Reason: reason}); rerr != nil {
		s.log.Error("error page failed", "err", rerr)
		return c.Status(f.status).SendString(strings.ToLower(v.Title))
	}
	return nil
}

// sendsJSON reports whether the request body is declared as JSON.
func sendsJSON(c *fiber.Ctx) bool {
	return strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderContentType)), fiber.MIMEApplicationJSON)
}

// isAPI reports whether the request is for one of the JSON APIs, which answer every error
// in JSON whatever the client accepts (a 413 from the body limit, say).
func isAPI(c *fiber.Ctx) bool {
	switch p := c.Path(); p {
	case "/kakao", "/kakao/", "/chat/", "/.well-known/webfinger":
		return true
	case "/chat":
		return sendsJSON(c)
	default:
		return strings.HasSuffix(p, "/resume.json")
	}
}

// notFound answers 404 with a page, or a fragment for htmx. empty says the site has no
// public card at all, which deserves a different explanation.
func (s *site) notFound(c *fiber.Ctx, empty bool) error {
	v := s.render.view(c)
	v.Title = v.T("notfound.title")
	v.Status = fiber.StatusNotFound
	v.Empty = empty
	if empty {
		v.Title = v.T("empty.title")
	}
	return s.render.send(c, fiber.StatusNotFound, "notfound", &v)
}
