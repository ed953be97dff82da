package handlers

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// channelsPage is /admin/channels: where each member chooses how messages reach them
// (KakaoTalk, email, a webhook), with a switch and a test for each.
type channelsPage struct {
	*site
	channels *services.Channels
	tokens   *services.Tokens
}

// ChannelsView is the page.
type ChannelsView struct {
	AdminView
	Channels []services.ChannelStatus
	// Email is the account's address; MailOff says no relay is configured.
	Email   string
	MailOff bool
	Webhook *FormView
	// Secret is the webhook's signing secret, shown once: when it is made or rotated.
	Secret string
	Alert  string
}

// Channel returns the named channel's status.
func (v *ChannelsView) Channel(name string) services.ChannelStatus {
	for _, c := range v.Channels {
		if c.Channel == name {
			return c
		}
	}
	return services.ChannelStatus{Channel: name}
}

// ChannelButtons is one channel's switch and test button.
type ChannelButtons struct {
	V *ChannelsView
	C services.ChannelStatus
}

// Buttons is the channel's buttons for the "channel-buttons" partial.
func (v *ChannelsView) Buttons(c services.ChannelStatus) ChannelButtons {
	return ChannelButtons{V: v, C: c}
}

func (h *channelsPage) page(c *fiber.Ctx) error {
	return h.renderPage(c, fiber.StatusOK, nil, nil, "", "")
}

func (h *channelsPage) renderPage(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors, secret, alert string) error {
	m := memberOf(c)
	sts, err := channelStatus(c.UserContext(), h.channels, h.tokens, m.ID)
	if err != nil {
		return err
	}
	v := &ChannelsView{AdminView: h.adminView(c, "channels", "admin.channels"), Channels: sts, Email: m.Email,
		MailOff: !h.channels.MailConfigured(), Secret: secret, Alert: alert}
	if values == nil {
		hook := v.Channel(models.ChannelWebhook)
		values = map[string]string{"webhook_url": hook.Target, "preset": hook.Preset}
		if values["preset"] == "" {
			values["preset"] = "standard"
		}
	}
	v.Webhook = newForm(&v.View, "webhook", validate.Webhook(), values, errs)
	switch n := c.Query("done"); n {
	case "saved", "confirm_sent", "test_sent", "on", "off":
		v.Notice = v.T("channels.done." + n)
	}
	return h.render.send(c, status, "admin/channels", v)
}

// channelStatus is a member's channels as the pages show them: KakaoTalk is ready only
// when the site has a Kakao app and the member is connected, and without the app it says
// so (one truth with the KakaoTalk panel's "no key").
func channelStatus(ctx context.Context, chs *services.Channels, tokens *services.Tokens, memberID int64) ([]services.ChannelStatus, error) {
	sts, err := chs.Status(ctx, memberID, tokens.Connected(ctx, memberID))
	if err != nil {
		return nil, err
	}
	if !tokens.Configured() {
		for i := range sts {
			if sts[i].Channel == models.ChannelKakao {
				sts[i].Reason = models.ReasonNotConfigured
			}
		}
	}
	return sts, nil
}

func channelParam(c *fiber.Ctx) (string, error) {
	for _, ch := range models.Channels() {
		if c.Params("channel") == ch {
			return ch, nil // the constant, not the path's bytes
		}
	}
	return "", fiber.ErrNotFound
}

func (h *channelsPage) toggle(c *fiber.Ctx) error {
	ch, err := channelParam(c)
	if err != nil {
		return err
	}
	on := c.FormValue("enabled") == "on"
	if err := h.channels.SetEnabled(c.UserContext(), actor(c).ID, ch, on); err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditChannel, Detail: ch + map[bool]string{true: " on", false: " off"}[on]})
	if on {
		return redirect(c, "/admin/channels?done=on")
	}
	return redirect(c, "/admin/channels?done=off")
}

// test sends a sample through one channel now and says how it went. KakaoTalk's test is
// the KakaoTalk panel's.
func (h *channelsPage) test(c *fiber.Ctx) error {
	ch, err := channelParam(c)
	if err != nil {
		return err
	}
	if ch == models.ChannelKakao {
		err = h.tokens.SendTest(c.UserContext(), actor(c).ID, h.render.view(c).Lang)
	} else {
		err = h.channels.Test(c.UserContext(), actor(c).ID, ch)
	}
	if err != nil {
		return h.refused(c, ch, err)
	}
	return redirect(c, "/admin/channels?done=test_sent")
}

// refused shows the page again with why a channel's action failed: a setting that is
// missing (409), or the relay's or receiver's answer (the page, with it as an alert: the
// site did what it was asked, and the other side said no).
func (h *channelsPage) refused(c *fiber.Ctx, ch string, err error) error {
	if errors.Is(err, services.ErrConflict) || errors.Is(err, services.ErrUpstream) {
		return h.renderPage(c, classify(err).status, nil, nil, "", h.explain(c, err))
	}
	why := services.ChannelReason(ch, err)
	if why == models.ReasonOther {
		return err
	}
	v := h.render.view(c)
	return h.renderPage(c, fiber.StatusOK, nil, nil, "", v.T("channels.test_failed")+" "+v.Reason(why))
}

func (h *channelsPage) sendConfirmation(c *fiber.Ctx) error {
	if err := h.channels.SendConfirmation(c.UserContext(), actor(c).ID); err != nil {
		return h.refused(c, models.ChannelEmail, err)
	}
	return redirect(c, "/admin/channels?done=confirm_sent")
}

func (h *channelsPage) saveWebhook(c *fiber.Ctx) error {
	values := formValues(c, "webhook_url", "preset")
	if errs := validate.Webhook().Check(values); len(errs) > 0 {
		return h.renderPage(c, formStatus(c), values, errs, "", "")
	}
	secret, err := h.channels.SaveWebhook(c.UserContext(), actor(c).ID, values["webhook_url"], values["preset"], false)
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderPage(c, formStatus(c), values, ve.Errors, "", "")
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditChannel, Detail: "webhook " + values["preset"]})
	if secret != "" {
		return h.renderPage(c, fiber.StatusOK, nil, nil, secret, "")
	}
	return redirect(c, "/admin/channels?done=saved")
}

func (h *channelsPage) rotate(c *fiber.Ctx) error {
	secret, err := h.channels.RotateSecret(c.UserContext(), actor(c).ID)
	if err != nil {
		return h.refused(c, models.ChannelWebhook, err)
	}
	h.record(c, services.AuditEntry{Action: services.AuditChannel, Detail: "webhook rotated"})
	return h.renderPage(c, fiber.StatusOK, nil, nil, secret, "")
}

// ConfirmView is the page a confirmation link opens.
// The page shows the address being confirmed, never the member's login: whoever holds
// the link was sent it at that address, and knows no more of the account.
type ConfirmView struct {
	View
	Token   string
	Done    bool
	Address string
}

// confirmPage asks for a press of a button: mail scanners open links, and must not
// confirm an address by doing so.
func (h *channelsPage) confirmPage(c *fiber.Ctx) error {
	token := c.Params("token")
	address, err := h.channels.ConfirmationAddress(c.UserContext(), token)
	v := &ConfirmView{View: h.render.view(c), Address: address}
	v.Title = v.T("confirm.title")
	if errors.Is(err, services.ErrConfirmExpired) {
		return h.render.send(c, fiber.StatusGone, "confirm", v)
	}
	if err != nil {
		return err
	}
	v.Token = token
	return h.render.send(c, fiber.StatusOK, "confirm", v)
}

func (h *channelsPage) confirm(c *fiber.Ctx) error {
	address, err := h.channels.Confirm(c.UserContext(), c.Params("token"))
	v := &ConfirmView{View: h.render.view(c), Done: err == nil, Address: address}
	v.Title = v.T("confirm.title")
	if errors.Is(err, services.ErrConfirmExpired) {
		return h.render.send(c, fiber.StatusGone, "confirm", v)
	}
	if err != nil {
		return err
	}
	return h.render.send(c, fiber.StatusOK, "confirm", v)
}
