package handlers

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"sitecard/services"
)

// The single sign-on flow's state in the session, between leaving for the provider and
// its callback; used once.
const (
	sessionSSOFlow = "sso_flow"
	sessionSSOLink = "sso_link"
)

// ssoStart sends the browser to the provider. linkTo is the signed-in member linking
// their account, or 0 for a sign-in.
func (a *auth) ssoStart(c *fiber.Ctx, linkTo int64) error {
	if a.sso == nil {
		return fiber.ErrNotFound
	}
	target, flow, err := a.sso.Begin(c.UserContext(), a.proxies.clientIP(c))
	if errors.Is(err, services.ErrRateLimited) {
		return a.renderLogin(c, fiber.StatusTooManyRequests, map[string]string{}, nil, a.t(c, "login.throttled"))
	}
	if f, ok := refusedBy(c, err); ok {
		return a.renderLogin(c, f.status, map[string]string{}, nil, a.t(c, f.key))
	}
	if err != nil {
		return err
	}
	raw, err := json.Marshal(flow)
	if err != nil {
		return err
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(sessionSSOFlow, string(raw))
	sess.Set(sessionSSOLink, linkTo)
	if err := sess.Save(); err != nil {
		return err
	}
	return c.Redirect(target, fiber.StatusSeeOther)
}

func (a *auth) ssoLogin(c *fiber.Ctx) error { return a.ssoStart(c, 0) }

// ssoCallback is where the provider sends the browser back. The flow kept in the
// session is taken first, so a state works once.
func (a *auth) ssoCallback(c *fiber.Ctx) error {
	if a.sso == nil {
		return fiber.ErrNotFound
	}
	var flow services.SSOFlow
	var linkTo int64
	if c.Cookies(sessionCookie) != "" {
		sess, err := a.sessions.Get(c)
		if err != nil {
			return err
		}
		raw, _ := sess.Get(sessionSSOFlow).(string)
		linkTo, _ = sess.Get(sessionSSOLink).(int64)
		if raw != "" {
			_ = json.Unmarshal([]byte(raw), &flow)
			sess.Delete(sessionSSOFlow)
			sess.Delete(sessionSSOLink)
			if err := sess.Save(); err != nil {
				return err
			}
		}
	}
	if linkTo != 0 {
		// Linking needs the member still signed in on this browser.
		if m, err := a.signedIn(c); err != nil {
			return err
		} else if m == nil || m.ID != linkTo {
			linkTo = -1
		}
	}
	if linkTo < 0 {
		return a.renderLogin(c, fiber.StatusBadRequest, map[string]string{}, nil, a.t(c, "sso.refused"))
	}
	m, err := a.sso.Finish(c.UserContext(), flow, c.Query("state"), c.Query("code"), linkTo)
	if f, ok := refusedBy(c, err); ok { // a refused answer, a domain not allowed, no answer
		return a.renderLogin(c, f.status, map[string]string{}, nil, a.t(c, f.key))
	}
	if err != nil {
		return err
	}
	if linkTo != 0 {
		a.record(c, services.AuditEntry{Action: services.AuditSSOLinked})
		return redirect(c, "/admin/account?saved=1")
	}
	// The provider answers for the password; a second factor set up here is still asked.
	if on, err := a.factor.Enabled(c.UserContext(), m.ID); err != nil {
		return err
	} else if on {
		return a.askCode(c, m, "/admin")
	}
	if err := a.startSession(c, m, "sso"); err != nil {
		return err
	}
	return redirect(c, "/admin")
}

// ssoLink starts linking the signed-in member to their account at the provider.
func (h *admin) ssoLink(c *fiber.Ctx) error { return h.auth.ssoStart(c, actor(c).ID) }
