package handlers

import (
	"errors"
	"html/template"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/qrcode"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// The half-signed-in state between the password and the code: kept in the session under
// keys that sign nobody in (requests read only sessionMember), for codeWait at most.
const (
	sessionPending   = "pending_member"
	sessionPendingAt = "pending_at"
	sessionNext      = "pending_next"
	codeWait         = 5 * time.Minute
)

// askCode puts the browser in the half-signed-in state after a right password and sends
// it to the code page.
func (a *auth) askCode(c *fiber.Ctx, m *models.Member, next string) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	for _, k := range sess.Keys() {
		sess.Delete(k)
	}
	sess.Set(sessionPending, m.ID)
	sess.Set(sessionPendingAt, a.now().Unix())
	sess.Set(sessionNext, next)
	if err := sess.Save(); err != nil {
		return err
	}
	a.guard.rotate(c)
	return redirect(c, "/login/code")
}

// pending returns the member waiting for a code on this browser, or 0.
func (a *auth) pending(c *fiber.Ctx) (int64, string, error) {
	if c.Cookies(sessionCookie) == "" {
		return 0, "", nil
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return 0, "", err
	}
	id, _ := sess.Get(sessionPending).(int64)
	at, _ := sess.Get(sessionPendingAt).(int64)
	next, _ := sess.Get(sessionNext).(string)
	if id == 0 || a.now().Sub(time.Unix(at, 0)) > codeWait {
		return 0, "", nil
	}
	return id, next, nil
}

func (a *auth) renderCode(c *fiber.Ctx, status int, errs validate.Errors, alert string) error {
	v := a.render.view(c)
	v.Title = v.T("code.title")
	av := &AuthView{View: v, Form: newForm(&v, "code", validate.Code(), nil, errs), Alert: alert}
	return a.render.send(c, status, "code", av)
}

func (a *auth) codePage(c *fiber.Ctx) error {
	id, _, err := a.pending(c)
	if err != nil {
		return err
	}
	if id == 0 {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return a.renderCode(c, fiber.StatusOK, nil, "")
}

// code finishes a sign-in with a code from the app or a recovery code.
func (a *auth) code(c *fiber.Ctx) error {
	id, next, err := a.pending(c)
	if err != nil {
		return err
	}
	if id == 0 {
		return a.renderLogin(c, fiber.StatusUnprocessableEntity, map[string]string{}, nil, a.t(c, "code.expired"))
	}
	values := map[string]string{"code": strings.TrimSpace(c.FormValue("code"))}
	if errs := validate.Code().Check(values); len(errs) > 0 {
		return a.renderCode(c, formStatus(c), errs, "")
	}
	how, err := a.factor.Verify(c.UserContext(), id, values["code"])
	if f, ok := refusedBy(c, err); ok { // a wrong code, too many tries: said on the form
		return a.renderCode(c, f.status, nil, a.t(c, f.key))
	}
	if err != nil {
		return err
	}
	m, err := a.members.Get(c.UserContext(), id)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return err
	}
	if m == nil || m.Disabled {
		return a.renderLogin(c, fiber.StatusUnprocessableEntity, map[string]string{}, nil, a.t(c, "login.failed"))
	}
	if err := a.startSession(c, m, how); err != nil {
		return err
	}
	return redirect(c, safeNext(next))
}

// requireSecondFactor keeps an admin without a second factor on their account page
// while ADMIN_REQUIRE_SECOND_FACTOR is on: everything else waits until they set one up.
func (a *auth) requireSecondFactor(c *fiber.Ctx) error {
	m := memberOf(c)
	if !a.cfg.SignIn.AdminRequireSecondFactor || m == nil || m.Role != models.RoleAdmin ||
		strings.HasPrefix(c.Path(), "/admin/account") {
		return c.Next()
	}
	ok, err := a.hasSecondFactor(c, m.ID)
	if err != nil {
		return err
	}
	if ok {
		return c.Next()
	}
	if c.Method() == fiber.MethodGet && !wantsJSON(c) {
		return redirect(c, "/admin/account?need=second-factor#second-factor")
	}
	return errSecondFactorFirst
}

// hasSecondFactor reports whether the member signs in with more than a password.
func (a *auth) hasSecondFactor(c *fiber.Ctx, memberID int64) (bool, error) {
	if on, err := a.factor.Enabled(c.UserContext(), memberID); err != nil || on {
		return on, err
	}
	if a.passkeys == nil { // passkeys are off
		return false, nil
	}
	return a.passkeys.Has(c.UserContext(), memberID)
}

// TOTPView is the page that sets up an authenticator app, and the one that shows the
// recovery codes once.
type TOTPView struct {
	AdminView
	QR     template.HTML
	Secret string
	Form   *FormView
	Alert  string
	Codes  []string
}

func (h *admin) renderTOTP(c *fiber.Ctx, status int, setup *services.TOTPSetup, errs validate.Errors, alert string) error {
	v := TOTPView{AdminView: h.adminView(c, "account", "totp.title"), Secret: setup.Secret, Alert: alert}
	svg, err := qrcode.SVG(setup.URL, v.T("totp.qr"))
	if err != nil {
		return err
	}
	v.QR = template.HTML(svg) // drawn by the site: a path of numbers and an escaped title
	v.Form = newForm(&v.View, "totp", validate.Code(), nil, errs)
	return h.render.send(c, status, "admin/totp", &v)
}

// startTOTP makes a new secret and shows its QR code.
func (h *admin) startTOTP(c *fiber.Ctx) error {
	_, err := h.auth.factor.Begin(c.UserContext(), memberOf(c))
	if errors.Is(err, services.ErrTOTPOn) {
		return redirect(c, "/admin/account#second-factor")
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/account/totp")
}

func (h *admin) totpPage(c *fiber.Ctx) error {
	setup, err := h.auth.factor.Pending(c.UserContext(), memberOf(c))
	if errors.Is(err, services.ErrNoTOTPSetup) {
		return c.Redirect("/admin/account#second-factor", fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	return h.renderTOTP(c, fiber.StatusOK, setup, nil, "")
}

// confirmTOTP turns the authenticator on with a first code and shows the recovery codes,
// this once.
func (h *admin) confirmTOTP(c *fiber.Ctx) error {
	m := memberOf(c)
	values := map[string]string{"code": strings.TrimSpace(c.FormValue("code"))}
	codes, err := h.auth.factor.Confirm(c.UserContext(), m.ID, values["code"])
	if errors.Is(err, services.ErrNoTOTPSetup) {
		return redirect(c, "/admin/account#second-factor")
	}
	if errors.Is(err, services.ErrBadCode) || errors.Is(err, services.ErrThrottled) {
		setup, perr := h.auth.factor.Pending(c.UserContext(), m)
		if perr != nil {
			return perr
		}
		f, _ := refusedBy(c, err)
		return h.renderTOTP(c, f.status, setup, nil, h.t(c, f.key))
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditTOTPOn})
	v := TOTPView{AdminView: h.adminView(c, "account", "totp.codes_title"), Codes: codes}
	c.Set(fiber.HeaderCacheControl, "no-store") // shown once: not kept by the browser either
	return h.render.send(c, fiber.StatusOK, "admin/totp", &v)
}

// disableTOTP turns the member's own second factor off, with their password.
func (h *admin) disableTOTP(c *fiber.Ctx) error {
	err := h.auth.factor.Disable(c.UserContext(), actor(c).ID, c.FormValue("current"))
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return redirect(c, "/admin/account?factor=wrong-password#second-factor")
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditTOTPOff})
	return redirect(c, "/admin/account?saved=1#second-factor")
}

// clearTOTP is an admin removing a member's second factor.
func (h *admin) clearTOTP(c *fiber.Ctx, a services.Actor, id int64) error {
	_, err := h.auth.factor.Clear(c.UserContext(), a, id)
	return err
}

// errSecondFactorFirst refuses an admin's change until they have a second factor, while
// ADMIN_REQUIRE_SECOND_FACTOR is on.
var errSecondFactorFirst = &refusal{fiber.StatusForbidden, "error.second_factor"}
