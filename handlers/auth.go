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
	localsMember  = "member"
	sessionCookie = "sitecard_session"
)

// auth signs members in and out and guards the dashboard.
type auth struct {
	*site
	sessions *session.Store
	members  Members
	// signins says whose each stored session is; the session's own data is not enough,
	// since a request in flight can save an ended session again.
	signins Signins
	factor  SecondFactor
	// passkeys signs in with WebAuthn credentials instead of a password.
	passkeys Passkeys
	// sso is single sign-on with an OpenID provider; nil when it is not configured.
	sso   SSO
	guard *csrfGuard
	csrf  fiber.Handler
}

func newAuth(s *site, storage fiber.Storage, members Members, signins Signins, factor SecondFactor) *auth {
	secure := s.cfg.IsHTTPS()
	store := session.New(session.Config{
		Storage: storage, Expiration: 7 * 24 * time.Hour, KeyLookup: "cookie:" + sessionCookie,
		CookieHTTPOnly: true, CookieSameSite: "Lax", CookieSecure: secure, CookiePath: "/",
	})
	guard := &csrfGuard{secret: s.cfg.SecretKey, secure: secure, failed: s.csrfFailed}
	return &auth{site: s, sessions: store, members: members, signins: signins, factor: factor, guard: guard, csrf: guard.check}
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
	// The row must still be this member's: a session signed out elsewhere, or ended by a
	// password change or a disabling, is gone from the table on every instance.
	if live, err := a.signins.Live(c.UserContext(), sess.ID(), id); err != nil || !live {
		return nil, err
	}
	m, err := a.members.Get(c.UserContext(), id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if m.Disabled {
		return nil, nil
	}
	c.Locals(localsMember, m)
	return m, nil
}

// sessionKey is the key of the request's stored session, "" for none.
func (a *auth) sessionKey(c *fiber.Ctx) (string, error) {
	if c.Cookies(sessionCookie) == "" {
		return "", nil
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return "", err
	}
	return sess.ID(), nil
}

// startSession signs member m in on this request: a new session ID (an ID planted
// before sign-in is worthless after it), stored and made the member's with the device
// and address, and a new CSRF token. Every way of signing in ends here.
func (a *auth) startSession(c *fiber.Ctx, m *models.Member, how string) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	for _, k := range sess.Keys() {
		sess.Delete(k) // nothing of the half-signed-in state carries over
	}
	sess.Set(sessionMember, m.ID)
	key := sess.ID()
	if err := sess.Save(); err != nil {
		return err
	}
	if err := a.signins.Start(c.UserContext(), key, m.ID, c.Get(fiber.HeaderUserAgent), a.proxies.clientIP(c)); err != nil {
		return err
	}
	c.Locals(localsMember, m)
	a.guard.rotate(c) // a token from before the sign-in is worthless after it
	a.record(c, services.AuditEntry{Action: services.AuditSignIn, Actor: m.ID, Detail: how})
	return nil
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
	// SSO offers single sign-on, Passkeys sign-in with a passkey.
	SSO, Passkeys bool
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
	av := &AuthView{View: v, Form: newForm(&v, "login", validate.Login(), values, errs), Next: safeNext(next), Alert: alert, SSO: a.sso != nil,
		Passkeys: a.passkeys != nil}
	if c.Query("done") == "setup" && alert == "" && len(errs) == 0 {
		av.Notice = v.T("setup.done")
	}
	if c.Query("done") == "reset" && alert == "" && len(errs) == 0 {
		av.Notice = v.T("reset.done")
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
	if f, ok := refusedBy(c, err); ok { // a wrong password, too many tries: said on the form
		return a.renderLogin(c, f.status, values, nil, a.t(c, f.key))
	}
	if err != nil {
		return err
	}
	next := safeNext(c.FormValue("next", "/admin"))
	// With a second factor the password only gets as far as the code page.
	if on, err := a.factor.Enabled(c.UserContext(), m.ID); err != nil {
		return err
	} else if on {
		return a.askCode(c, m, next)
	}
	if err := a.startSession(c, m, "password"); err != nil {
		return err
	}
	return redirect(c, next)
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
	if err := a.startSession(c, m, "setup"); err != nil {
		return err
	}
	return redirect(c, "/admin")
}
