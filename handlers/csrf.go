package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/session"
)

const localsCSRF = "csrf"

// newCSRF is the CSRF check on every state change. The token lives in the session; a
// page carries it in <meta name="csrf-token"> (htmx sends it as X-CSRF-Token) and in the
// hidden _csrf field of every form (plain posts).
func newCSRF(store *session.Store, secure bool, failed fiber.Handler) fiber.Handler {
	return csrf.New(csrf.Config{
		Session: store, SessionKey: "csrf_token", ContextKey: localsCSRF,
		CookieName: "sitecard_csrf", CookieHTTPOnly: true, CookieSameSite: "Lax", CookieSecure: secure,
		Expiration: 12 * time.Hour,
		Extractor: func(c *fiber.Ctx) (string, error) {
			if t := c.Get("X-CSRF-Token"); t != "" {
				return t, nil
			}
			if t := c.FormValue("_csrf"); t != "" {
				return t, nil
			}
			return "", errors.New("missing csrf token")
		},
		ErrorHandler: func(c *fiber.Ctx, _ error) error { return failed(c) },
	})
}

// csrfToken is the request's CSRF token, for the page's meta tag and hidden fields.
func csrfToken(c *fiber.Ctx) string {
	t, _ := c.Locals(localsCSRF).(string)
	return t
}

// csrfFailed answers a refused state change with a 403 page, fragment or JSON.
func (s *site) csrfFailed(c *fiber.Ctx) error {
	if wantsJSON(c) {
		return reply(c, fiber.StatusForbidden, "missing or invalid CSRF token", nil)
	}
	v := s.render.view(c)
	v.Title, v.Status = v.T("csrf.title"), fiber.StatusForbidden
	return s.render.send(c, fiber.StatusForbidden, "forbidden", &ReasonView{View: v, Reason: v.T("csrf.body")})
}

// ReasonView is an error page with the reason it shows.
type ReasonView struct {
	View
	Reason string
}
