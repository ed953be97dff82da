package handlers

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
	"sitecard/services"
)

// Where a WebAuthn ceremony's state waits between its two requests: in the session,
// used once.
const (
	sessionPasskeyLogin = "passkey_login"
	sessionPasskeyAdd   = "passkey_add"
)

// saveCeremony keeps a ceremony's state in the browser's session.
func (a *auth) saveCeremony(c *fiber.Ctx, key string, state []byte) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(key, string(state))
	return sess.Save()
}

// takeCeremony returns a ceremony's state and forgets it: a challenge answers once.
func (a *auth) takeCeremony(c *fiber.Ctx, key string) ([]byte, error) {
	if c.Cookies(sessionCookie) == "" {
		return nil, nil
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return nil, err
	}
	state, _ := sess.Get(key).(string)
	if state == "" {
		return nil, nil
	}
	sess.Delete(key)
	return []byte(state), sess.Save()
}

// sendOptions answers a ceremony's start with the options for navigator.credentials.
func sendOptions(c *fiber.Ctx, options []byte) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("json")
	return c.Send(options)
}

// passkeyLoginBegin starts a sign-in with a passkey.
func (a *auth) passkeyLoginBegin(c *fiber.Ctx) error {
	if a.passkeys == nil {
		return fiber.ErrNotFound
	}
	cer, err := a.passkeys.BeginLogin(c.UserContext(), a.proxies.clientIP(c))
	if errors.Is(err, services.ErrRateLimited) {
		return reply(c, fiber.StatusTooManyRequests, a.t(c, "login.throttled"), nil)
	}
	if err != nil {
		return err
	}
	if err := a.saveCeremony(c, sessionPasskeyLogin, cer.State); err != nil {
		return err
	}
	return sendOptions(c, cer.Options)
}

// passkeyLoginFinish signs in with the passkey the browser answered with. A passkey is
// a second factor of its own (the device and its lock), so no code is asked.
func (a *auth) passkeyLoginFinish(c *fiber.Ctx) error {
	if a.passkeys == nil {
		return fiber.ErrNotFound
	}
	state, err := a.takeCeremony(c, sessionPasskeyLogin)
	if err != nil {
		return err
	}
	m, err := a.passkeys.FinishLogin(c.UserContext(), state, c.Body())
	if errors.Is(err, services.ErrPasskeyRefused) {
		return reply(c, fiber.StatusUnauthorized, a.t(c, "passkey.refused"), nil)
	}
	if err != nil {
		return err
	}
	if err := a.startSession(c, m, "passkey"); err != nil {
		return err
	}
	return reply(c, fiber.StatusOK, "ok", fiber.Map{"redirect": safeNext(c.Query("next", "/admin"))})
}

// passkeyAddBegin starts adding a passkey to the signed-in member's account.
func (h *admin) passkeyAddBegin(c *fiber.Ctx) error {
	if h.auth.passkeys == nil {
		return fiber.ErrNotFound
	}
	cer, err := h.auth.passkeys.BeginRegistration(c.UserContext(), memberOf(c))
	if err != nil {
		return err
	}
	if err := h.auth.saveCeremony(c, sessionPasskeyAdd, cer.State); err != nil {
		return err
	}
	return sendOptions(c, cer.Options)
}

// passkeyAddFinish stores the new passkey: {"name": "...", "credential": {...}}.
func (h *admin) passkeyAddFinish(c *fiber.Ctx) error {
	if h.auth.passkeys == nil {
		return fiber.ErrNotFound
	}
	var body struct {
		Name       string          `json:"name"`
		Credential json.RawMessage `json:"credential"`
	}
	if err := json.Unmarshal(c.Body(), &body); err != nil || len(body.Credential) == 0 {
		return reply(c, fiber.StatusBadRequest, h.t(c, "passkey.refused"), nil)
	}
	state, err := h.auth.takeCeremony(c, sessionPasskeyAdd)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(body.Name)
	if r := []rune(name); len(r) > 60 {
		name = string(r[:60])
	}
	err = h.auth.passkeys.FinishRegistration(c.UserContext(), memberOf(c), state, body.Credential, name)
	if errors.Is(err, services.ErrPasskeyRefused) {
		return reply(c, fiber.StatusUnprocessableEntity, h.t(c, "passkey.refused"), nil)
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditPasskeyAdded, Detail: name})
	return reply(c, fiber.StatusOK, "ok", fiber.Map{"redirect": "/admin/account?saved=1#passkeys"})
}

// passkeyRemove deletes one of the member's passkeys.
func (h *admin) passkeyRemove(c *fiber.Ctx) error {
	if h.auth.passkeys == nil {
		return fiber.ErrNotFound
	}
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	err = h.auth.passkeys.Remove(c.UserContext(), actor(c).ID, id)
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditPasskeyRemoved})
	return redirect(c, "/admin/account?saved=1#passkeys")
}
