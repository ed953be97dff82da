package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// channelsPage is /admin/channels: where each member chooses how messages reach them
// (KakaoTalk, email, a webhook), with a switch and a test for each.
type channelsPage struct {
	*site
	channels ChannelSettings
}

// ChannelsView is the page.
type ChannelsView struct {
	AdminView
	Channels []messages.ChannelStatus
	// Email is the account's address; MailOff says no relay is configured.
	Email   string
	MailOff bool
	Webhook *FormView
	// Secret is the webhook's signing secret, shown once: when it is made or rotated.
	Secret string
	Alert  string
}

// Channel returns the named channel's status.
func (v *ChannelsView) Channel(name string) messages.ChannelStatus {
	for _, c := range v.Channels {
		if c.Channel == name {
			return c
		}
	}
	return messages.ChannelStatus{Channel: name}
}

// ChannelButtons is one channel's switch and test button.
type ChannelButtons struct {
	V *ChannelsView
	C messages.ChannelStatus
}

// Buttons is the channel's buttons for the "channel-buttons" partial.
func (v *ChannelsView) Buttons(c messages.ChannelStatus) ChannelButtons {
	return ChannelButtons{V: v, C: c}
}

func (h *channelsPage) page(c *fiber.Ctx) error {
	return h.renderPage(c, fiber.StatusOK, nil, nil, "", "")
}

func (h *channelsPage) renderPage(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors, secret, alert string) error {
	m := memberOf(c)
	sts, err := h.channels.Status(c.UserContext(), m.ID)
	if err != nil {
		return err
	}
	v := &ChannelsView{AdminView: h.adminView(c, "channels", "admin.channels"), Channels: sts, Email: m.Email,
		MailOff: !h.channels.MailConfigured(), Secret: secret, Alert: alert}
	if values == nil {
		url, preset, err := h.channels.SavedWebhook(c.UserContext(), m.ID)
		if err != nil {
			return err
		}
		values = map[string]string{"webhook_url": url, "preset": preset}
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

func (h *channelsPage) channelParam(c *fiber.Ctx) (string, error) {
	if ch, ok := h.channels.Channel(c.Params("channel")); ok {
		return ch, nil // the registry's name, not the path's bytes
	}
	return "", fiber.ErrNotFound
}

func (h *channelsPage) toggle(c *fiber.Ctx) error {
	ch, err := h.channelParam(c)
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

// test sends a sample through one channel now, in the page's language, and says how it
// went.
func (h *channelsPage) test(c *fiber.Ctx) error {
	ch, err := h.channelParam(c)
	if err != nil {
		return err
	}
	if err := h.channels.Test(c.UserContext(), actor(c).ID, ch, h.render.view(c).Lang); err != nil {
		return h.refused(c, err)
	}
	return redirect(c, "/admin/channels?done=test_sent")
}

// refused shows the page again with why a channel's action failed: a setting that is
// missing (409), or the relay's or receiver's answer (the page, with it as an alert: the
// site did what it was asked, and the other side said no).
func (h *channelsPage) refused(c *fiber.Ctx, err error) error {
	if errors.Is(err, services.ErrConflict) || errors.Is(err, services.ErrUpstream) {
		return h.renderPage(c, classify(err).status, nil, nil, "", h.explain(c, err))
	}
	why := messages.ReasonOf(err)
	if why == models.ReasonOther {
		return err
	}
	v := h.render.view(c)
	return h.renderPage(c, fiber.StatusOK, nil, nil, "", v.T("channels.test_failed")+" "+v.Reason(why))
}

func (h *channelsPage) sendConfirmation(c *fiber.Ctx) error {
	if err := h.channels.SendConfirmation(c.UserContext(), actor(c).ID); err != nil {
		return h.refused(c, err)
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
		return h.refused(c, err)
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
	if errors.Is(err, messages.ErrConfirmExpired) {
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
	if errors.Is(err, messages.ErrConfirmExpired) {
		return h.render.send(c, fiber.StatusGone, "confirm", v)
	}
	if err != nil {
		return err
	}
	return h.render.send(c, fiber.StatusOK, "confirm", v)
}
