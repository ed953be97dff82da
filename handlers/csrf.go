package handlers

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/gofiber/fiber/v2"
)

const (
	localsCSRF = "csrf"
	csrfCookie = "sitecard_csrf"
)

// csrfGuard is the CSRF check on every state change, with no server-side state: a
// signed double-submit token. The browser holds a random nonce in an HttpOnly cookie; a
// page carries HMAC(SECRET_KEY, nonce) in <meta name="csrf-token"> (htmx sends it as
// X-CSRF-Token) and in the hidden _csrf field of every form. A cross-site page can send
// the cookie but can neither read it nor compute the token. Nothing is stored, so visitors
// who only look at a form make no session row, and every instance checks alike. The nonce
// is replaced at sign-in and sign-out, which retires the old token.
type csrfGuard struct {
	secret []byte
	secure bool
	failed fiber.Handler
}

func (g *csrfGuard) token(nonce string) string {
	mac := hmac.New(sha256.New, g.secret)
	mac.Write([]byte("csrf:" + nonce))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// nonce returns the request's nonce, setting a new one when it has none.
func (g *csrfGuard) nonce(c *fiber.Ctx) string {
	if n := c.Cookies(csrfCookie); len(n) == 32 {
		if _, err := hex.DecodeString(n); err == nil {
			return n
		}
	}
	return g.rotate(c)
}

// rotate gives the browser a new nonce (at sign-in and sign-out) and returns it.
func (g *csrfGuard) rotate(c *fiber.Ctx) string {
	b := make([]byte, 16)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	n := hex.EncodeToString(b)
	c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: n, Path: "/", HTTPOnly: true, Secure: g.secure,
		SameSite: fiber.CookieSameSiteLaxMode, Expires: time.Now().Add(30 * 24 * time.Hour)})
	c.Locals(localsCSRF, g.token(n))
	return n
}

// check is the middleware: safe requests get a token for their page, and state changes
// must bring it back, in the X-CSRF-Token header or the posted _csrf field. A token in the
// query string is never read: it would leak into logs and Referer headers.
func (g *csrfGuard) check(c *fiber.Ctx) error {
	want := g.token(g.nonce(c))
	c.Locals(localsCSRF, want)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return c.Next()
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = postedField(c, "_csrf")
	}
	if got == "" || !hmac.Equal([]byte(got), []byte(want)) {
		return g.failed(c)
	}
	return c.Next()
}

// postedField reads a field of the request body only (a form or a multipart upload).
func postedField(c *fiber.Ctx, name string) string {
	if v := c.Request().PostArgs().Peek(name); len(v) > 0 {
		return string(v)
	}
	if form, err := c.MultipartForm(); err == nil {
		if vs := form.Value[name]; len(vs) > 0 {
			return vs[0]
		}
	}
	return ""
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
