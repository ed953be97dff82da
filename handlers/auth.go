package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

const (
	sessionMember = "member_id"
	// sessionEpoch is the member's session epoch at sign-in; a password change or a
	// disabling moves the member's epoch on, which ends the sessions that hold an older one.
	sessionEpoch  = "epoch"
	localsMember  = "member"
	sessionCookie = "sitecard_session"
)

// auth signs members in and out and guards the dashboard.
type auth struct {
	*site
	sessions *session.Store
	members  *services.Members
	guard    *csrfGuard
	csrf     fiber.Handler
}

func newAuth(s *site, storage fiber.Storage, members *services.Members) *auth {
	secure := s.cfg.IsHTTPS()
	store := session.New(session.Config{
		Storage: storage, Expiration: 7 * 24 * time.Hour, KeyLookup: "cookie:" + sessionCookie,
		CookieHTTPOnly: true, CookieSameSite: "Lax", CookieSecure: secure, CookiePath: "/",
	})
	guard := &csrfGuard{secret: s.cfg.SecretKey, secure: secure, failed: s.csrfFailed}
	return &auth{site: s, sessions: store, members: members, guard: guard, csrf: guard.check}
}

// member returns the signed-in member, or nil.
func (a *auth) member(c *fiber.Ctx) *models.Member {
	m, _ := a.signedIn(c)
	return m
}

// signedIn returns the signed-in member, nil for none, or the error that kept it from
// knowing: a database that does not answer is a 503, not a signed-out visitor.
func (a *auth) signedIn(c *fiber.Ctx) (*models.Member, error) {
	if m, ok := c.Locals(localsMember).(*models.Member); ok {
		return m, nil
	}
	if c.Cookies(sessionCookie) == "" {
		return nil, nil
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return nil, err
	}
	id, ok := sess.Get(sessionMember).(int64)
	if !ok {
		return nil, nil
	}
	m, err := a.members.Get(c.UserContext(), id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if epoch, _ := sess.Get(sessionEpoch).(int64); m.Disabled || epoch != m.SessionEpoch {
		return nil, nil
	}
	c.Locals(localsMember, m)
	return m, nil
}

// keepSession moves the current session to the member's new epoch, after a change that
// ended the others.
func (a *auth) keepSession(c *fiber.Ctx, epoch int64) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(sessionEpoch, epoch)
	return sess.Save()
}

// requireMember lets signed-in members through and sends everyone else to /login.
func (a *auth) requireMember(c *fiber.Ctx) error {
	m, err := a.signedIn(c)
	if err != nil {
		return err
	}
	if m != nil {
		return c.Next()
	}
	if wantsJSON(c) {
		return reply(c, fiber.StatusUnauthorized, a.t(c, errSignInFirst.key), nil)
	}
	target := "/login?next=" + strings.ReplaceAll(c.OriginalURL(), "&", "%26")
	if isHTMX(c) {
		c.Set("HX-Redirect", target)
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	if c.Method() != fiber.MethodGet {
		return errSignInFirst
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

// requireAdmin lets admins through; it runs after requireMember.
func (a *auth) requireAdmin(c *fiber.Ctx) error {
	if m := a.member(c); m != nil && m.Role == models.RoleAdmin {
		return c.Next()
	}
	return services.ErrForbidden
}

// memberOf is the member requireMember let through, or nil before that guard.
func memberOf(c *fiber.Ctx) *models.Member {
	m, _ := c.Locals(localsMember).(*models.Member)
	return m
}

// actor is the signed-in member as the services see them.
func actor(c *fiber.Ctx) services.Actor {
	m := memberOf(c)
	if m == nil {
		return services.Actor{}
	}
	return services.Actor{ID: m.ID, Admin: m.Role == models.RoleAdmin}
}

// AuthView is the sign-in and setup pages.
type AuthView struct {
	View
	Form   *FormView
	Next   string
	Alert  string
	Notice string // what just happened (the first admin was created)
}

func (a *auth) loginPage(c *fiber.Ctx) error {
	if a.member(c) != nil {
		return c.Redirect(safeNext(c.Query("next", "/admin")), fiber.StatusSeeOther)
	}
	if n, err := a.members.Count(c.UserContext()); err == nil && n == 0 {
		return c.Redirect("/setup", fiber.StatusSeeOther)
	}
	values := map[string]string{}
	if c.Query("done") == "setup" {
		// From /setup: the admin just created signs in next; the login is theirs.
		values["login"] = services.NormalizeLogin(c.Query("login"))
	}
	return a.renderLogin(c, fiber.StatusOK, values, nil, "")
}

func (a *auth) renderLogin(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors, alert string) error {
	v := a.render.view(c)
	v.Title = v.T("login.title")
	delete(values, "password")
	next := c.FormValue("next", c.Query("next"))
	if next == "" {
		next = "/admin"
	}
	av := &AuthView{View: v, Form: newForm(&v, "login", validate.Login(), values, errs), Next: safeNext(next), Alert: alert}
	if c.Query("done") == "setup" && alert == "" && len(errs) == 0 {
		av.Notice = v.T("setup.done")
	}
	if isHTMX(c) {
		return a.render.partial(c, status, "login-form", av)
	}
	return a.render.send(c, status, "login", av)
}

func (a *auth) login(c *fiber.Ctx) error {
	values := map[string]string{"login": strings.TrimSpace(c.FormValue("login")), "password": c.FormValue("password")}
	if errs := validate.Login().Check(values); len(errs) > 0 {
		return a.renderLogin(c, formStatus(c), values, errs, "")
	}
	m, err := a.members.Authenticate(c.UserContext(), values["login"], values["password"], a.proxies.clientIP(c))
	switch {
	case errors.Is(err, services.ErrThrottled):
		return a.renderLogin(c, fiber.StatusTooManyRequests, values, nil, a.t(c, "login.throttled"))
	case errors.Is(err, services.ErrBadCredentials):
		return a.renderLogin(c, formStatus(c), values, nil, a.t(c, "login.failed"))
	case err != nil:
		return err
	}
	if err := a.signIn(c, m); err != nil {
		return err
	}
	return redirect(c, safeNext(c.FormValue("next", "/admin")))
}

// signIn starts m's session, under a new session ID and a new CSRF token: an ID or a
// token planted before the sign-in is worthless after it.
func (a *auth) signIn(c *fiber.Ctx, m *models.Member) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	sess.Set(sessionMember, m.ID)
	sess.Set(sessionEpoch, m.SessionEpoch)
	if err := sess.Save(); err != nil {
		return err
	}
	a.guard.rotate(c)
	return nil
}

func (a *auth) logout(c *fiber.Ctx) error {
	if sess, err := a.sessions.Get(c); err == nil {
		if err := sess.Destroy(); err != nil {
			return err
		}
	}
	a.guard.rotate(c)
	return redirect(c, "/")
}

func (a *auth) setupPage(c *fiber.Ctx) error {
	if n, err := a.members.Count(c.UserContext()); err != nil || n > 0 {
		return fiber.ErrNotFound
	}
	return a.renderSetup(c, fiber.StatusOK, map[string]string{}, nil)
}

func (a *auth) renderSetup(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors) error {
	v := a.render.view(c)
	v.Title = v.T("setup.title")
	delete(values, "password")
	av := &AuthView{View: v, Form: newForm(&v, "setup", validate.NewMember(), values, errs)}
	if isHTMX(c) {
		return a.render.partial(c, status, "setup-form", av)
	}
	return a.render.send(c, status, "setup", av)
}

func (a *auth) setup(c *fiber.Ctx) error {
	values := formValues(c, "login", "password", "display_name", "email")
	m, err := a.members.Setup(c.UserContext(), values)
	var ve *services.ValidationError
	switch {
	case errors.Is(err, services.ErrSetupDone):
		return fiber.ErrNotFound
	case errors.As(err, &ve):
		return a.renderSetup(c, formStatus(c), values, ve.Errors)
	case err != nil:
		return err
	}
	// The new admin is signed in at once: they have just typed the password.
	if err := a.signIn(c, m); err != nil {
		return err
	}
	return redirect(c, "/admin")
}
