package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/session"

	"sitecard/models"
	"sitecard/services"
	"sitecard/validate"
)

const (
	sessionMember = "member_id"
	localsMember  = "member"
	localsCSRF    = "csrf"
	sessionCookie = "sitecard_session"
)

// auth signs members in and out and guards the dashboard.
type auth struct {
	site     *site
	sessions *session.Store
	members  *services.Members
	csrf     fiber.Handler
}

func newAuth(s *site, storage fiber.Storage, members *services.Members) *auth {
	secure := s.cfg.IsHTTPS()
	store := session.New(session.Config{
		Storage: storage, Expiration: 7 * 24 * time.Hour, KeyLookup: "cookie:" + sessionCookie,
		CookieHTTPOnly: true, CookieSameSite: "Lax", CookieSecure: secure, CookiePath: "/",
	})
	a := &auth{site: s, sessions: store, members: members}
	a.csrf = csrf.New(csrf.Config{
		Session: store, SessionKey: "csrf_token", ContextKey: localsCSRF,
		CookieName: "sitecard_csrf", CookieHTTPOnly: true, CookieSameSite: "Lax", CookieSecure: secure,
		Expiration: 12 * time.Hour,
		// The token comes from htmx's header or from the hidden field of a plain form.
		Extractor: func(c *fiber.Ctx) (string, error) {
			if t := c.Get("X-CSRF-Token"); t != "" {
				return t, nil
			}
			if t := c.FormValue("_csrf"); t != "" {
				return t, nil
			}
			return "", errors.New("missing csrf token")
		},
		ErrorHandler: a.csrfFailed,
	})
	return a
}

// Register adds the sign-in routes. Every one carries the CSRF check.
func (a *auth) Register(r fiber.Router) {
	r.Get("/login", a.csrf, a.loginPage)
	r.Post("/login", a.csrf, a.login)
	r.Post("/logout", a.csrf, a.logout)
	r.Get("/setup", a.csrf, a.setupPage)
	r.Post("/setup", a.csrf, a.setup)
}

func (a *auth) csrfFailed(c *fiber.Ctx, _ error) error {
	if wantsJSON(c) {
		return c.Status(fiber.StatusForbidden).JSON(fiber.Map{"status": fiber.Map{"code": 403, "message": "missing or invalid CSRF token"}})
	}
	v := a.site.render.view(c)
	v.Title, v.Status = v.T("csrf.title"), fiber.StatusForbidden
	return a.site.render.send(c, fiber.StatusForbidden, "forbidden", &ForbiddenView{View: v, Reason: v.T("csrf.body")})
}

// ForbiddenView explains a 403.
type ForbiddenView struct {
	View
	Reason string
}

// member returns the signed-in member, or nil.
func (a *auth) member(c *fiber.Ctx) *models.Member {
	if m, ok := c.Locals(localsMember).(*models.Member); ok {
		return m
	}
	if c.Cookies(sessionCookie) == "" {
		return nil
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return nil
	}
	id, ok := sess.Get(sessionMember).(int64)
	if !ok {
		return nil
	}
	m, err := a.members.Get(c.UserContext(), id)
	if err != nil || m.Disabled {
		return nil
	}
	c.Locals(localsMember, m)
	return m
}

// requireMember lets signed-in members through and sends everyone else to /login.
func (a *auth) requireMember(c *fiber.Ctx) error {
	if a.member(c) != nil {
		return c.Next()
	}
	target := "/login?next=" + strings.ReplaceAll(c.OriginalURL(), "&", "%26")
	if isHTMX(c) {
		c.Set("HX-Redirect", target)
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	if c.Method() != fiber.MethodGet {
		return fiber.NewError(fiber.StatusUnauthorized, "sign in first")
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// requireAdmin lets admins through; it runs after requireMember.
func (a *auth) requireAdmin(c *fiber.Ctx) error {
	if m := a.member(c); m != nil && m.Role == models.RoleAdmin {
		return c.Next()
	}
	return fiber.ErrForbidden
}

// actor is the signed-in member as the services see them.
func actor(c *fiber.Ctx) services.Actor {
	m, _ := c.Locals(localsMember).(*models.Member)
	if m == nil {
		return services.Actor{}
	}
	return services.Actor{ID: m.ID, Admin: m.Role == models.RoleAdmin}
}

// AuthView is the sign-in and setup pages.
type AuthView struct {
	View
	Form  *FormView
	Next  string
	Alert string
}

func (a *auth) view(c *fiber.Ctx) View {
	v := a.site.render.view(c)
	v.CSRF, _ = c.Locals(localsCSRF).(string)
	return v
}

func (a *auth) loginPage(c *fiber.Ctx) error {
	if a.member(c) != nil {
		return c.Redirect(safeNext(c.Query("next", "/admin")), fiber.StatusSeeOther)
	}
	if n, err := a.members.Count(c.UserContext()); err == nil && n == 0 {
		return c.Redirect("/setup", fiber.StatusSeeOther)
	}
	return a.renderLogin(c, fiber.StatusOK, map[string]string{}, nil, "")
}

func (a *auth) renderLogin(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors, alert string) error {
	v := a.view(c)
	v.Title = v.T("login.title")
	delete(values, "password")
	next := c.FormValue("next", c.Query("next"))
	if next == "" {
		next = "/admin"
	}
	return a.site.render.send(c, status, "login", &AuthView{View: v, Form: newForm(&v, "login", validate.Login(), values, errs), Next: safeNext(next), Alert: alert})
}

func (a *auth) login(c *fiber.Ctx) error {
	values := map[string]string{"login": strings.TrimSpace(c.FormValue("login")), "password": c.FormValue("password")}
	if errs := validate.Login().Check(values); len(errs) > 0 {
		return a.renderLogin(c, formStatus(c), values, errs, "")
	}
	m, err := a.members.Authenticate(c.UserContext(), values["login"], values["password"], c.IP())
	switch {
	case errors.Is(err, services.ErrThrottled):
		v := a.view(c)
		return a.renderLogin(c, fiber.StatusTooManyRequests, values, nil, v.T("login.throttled"))
	case errors.Is(err, services.ErrBadCredentials):
		v := a.view(c)
		return a.renderLogin(c, formStatus(c), values, nil, v.T("login.failed"))
	case err != nil:
		return err
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	// A new session ID at sign-in: an ID planted before login is worthless after it.
	if err := sess.Regenerate(); err != nil {
		return err
	}
	sess.Set(sessionMember, m.ID)
	if err := sess.Save(); err != nil {
		return err
	}
	return redirect(c, safeNext(c.FormValue("next", "/admin")))
}

func (a *auth) logout(c *fiber.Ctx) error {
	if sess, err := a.sessions.Get(c); err == nil {
		if err := sess.Destroy(); err != nil {
			return err
		}
	}
	return redirect(c, "/")
}

func (a *auth) setupPage(c *fiber.Ctx) error {
	if n, err := a.members.Count(c.UserContext()); err != nil || n > 0 {
		return fiber.ErrNotFound
	}
	return a.renderSetup(c, fiber.StatusOK, map[string]string{}, nil)
}

func (a *auth) renderSetup(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors) error {
	v := a.view(c)
	v.Title = v.T("setup.title")
	delete(values, "password")
	return a.site.render.send(c, status, "setup", &AuthView{View: v, Form: newForm(&v, "setup", validate.NewMember(), values, errs)})
}

func (a *auth) setup(c *fiber.Ctx) error {
	values := formValues(c, "login", "password", "display_name", "email")
	_, err := a.members.Setup(c.UserContext(), values)
	var ve *services.ValidationError
	switch {
	case errors.Is(err, services.ErrSetupDone):
		return fiber.ErrNotFound
	case errors.As(err, &ve):
		return a.renderSetup(c, formStatus(c), values, ve.Errors)
	case err != nil:
		return err
	}
	return redirect(c, "/login")
}

// formValues reads the named fields of a posted form.
func formValues(c *fiber.Ctx, fields ...string) map[string]string {
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		out[f] = c.FormValue(f)
	}
	return out
}

// formStatus is the status of a refused form: htmx swaps the fragment on 200, and a plain
// post gets the page again with 422.
func formStatus(c *fiber.Ctx) int {
	if isHTMX(c) {
		return fiber.StatusOK
	}
	return fiber.StatusUnprocessableEntity
}

// redirect ends a successful post: 303 for plain forms, HX-Redirect for htmx.
func redirect(c *fiber.Ctx, to string) error {
	if isHTMX(c) {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}
