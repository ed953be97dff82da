package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/validate"
	"sitecard/services"
)

// ResetView is the "forgot password" page and the page a reset link opens.
type ResetView struct {
	View
	Form  *FormView
	Alert string
	// Sent says the request was taken (whether or not a mail went out: the page never
	// says which); Token is the link's token while it can be used; Expired that it cannot.
	Sent, Expired bool
	Token         string
	MailOff       bool
}

func (a *auth) renderForgot(c *fiber.Ctx, status int, v *ResetView, values map[string]string, errs validate.Errors) error {
	v.Title = v.T("forgot.title")
	v.Form = newForm(&v.View, "forgot", validate.Forgot(), values, errs)
	v.MailOff = !a.members.MailConfigured()
	return a.render.send(c, status, "forgot", v)
}

func (a *auth) forgotPage(c *fiber.Ctx) error {
	return a.renderForgot(c, fiber.StatusOK, &ResetView{View: a.render.view(c)}, nil, nil)
}

// forgot takes a request for a reset link. The answer is the same page whether the
// login exists or not, has a confirmed address or not; only a throttled request differs,
// and the throttle counts unknown logins too.
func (a *auth) forgot(c *fiber.Ctx) error {
	values := map[string]string{"login": strings.TrimSpace(c.FormValue("login"))}
	v := &ResetView{View: a.render.view(c)}
	if errs := validate.Forgot().Check(values); len(errs) > 0 {
		return a.renderForgot(c, formStatus(c), v, values, errs)
	}
	err := a.members.RequestReset(c.UserContext(), values["login"], a.proxies.clientIP(c))
	if errors.Is(err, services.ErrRateLimited) {
		v.Alert = v.T("forgot.throttled")
		return a.renderForgot(c, fiber.StatusTooManyRequests, v, values, nil)
	}
	if err != nil {
		return err
	}
	v.Sent = true
	return a.renderForgot(c, fiber.StatusOK, v, nil, nil)
}

func (a *auth) renderReset(c *fiber.Ctx, status int, v *ResetView, errs validate.Errors) error {
	v.Title = v.T("reset.title")
	v.Form = newForm(&v.View, "reset", validate.NewPassword(), nil, errs)
	return a.render.send(c, status, "reset", v)
}

// resetPage shows the new-password form of a reset link without using it: mail
// scanners open links.
func (a *auth) resetPage(c *fiber.Ctx) error {
	v := &ResetView{View: a.render.view(c)}
	token := c.Params("token")
	err := a.members.CheckReset(c.UserContext(), token)
	if errors.Is(err, services.ErrResetInvalid) {
		v.Expired = true
		return a.renderReset(c, fiber.StatusGone, v, nil)
	}
	if err != nil {
		return err
	}
	v.Token = token
	return a.renderReset(c, fiber.StatusOK, v, nil)
}

// reset sets the new password. It signs nobody in: the member goes on to the sign-in
// page, which asks for the second factor too.
func (a *auth) reset(c *fiber.Ctx) error {
	v := &ResetView{View: a.render.view(c)}
	token := c.Params("token")
	m, err := a.members.ResetPassword(c.UserContext(), token, map[string]string{"password": c.FormValue("password")})
	var ve *services.ValidationError
	switch {
	case errors.As(err, &ve):
		v.Token = token
		return a.renderReset(c, formStatus(c), v, ve.Errors)
	case errors.Is(err, services.ErrResetInvalid):
		v.Expired = true
		return a.renderReset(c, fiber.StatusGone, v, nil)
	case err != nil:
		return err
	}
	a.record(c, services.AuditEntry{Action: services.AuditPasswordReset, Subject: m.ID})
	// The session this browser had, if any, ended with the others.
	if sess, err := a.sessions.Get(c); err == nil && !sess.Fresh() {
		if err := sess.Destroy(); err != nil {
			return err
		}
	}
	a.guard.rotate(c)
	return redirect(c, "/login?done=reset")
}
