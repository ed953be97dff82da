package messages

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"sitecard/internal/sealed"
	"sitecard/internal/webhook"
	"sitecard/models"
	"sitecard/services"
)

// ChannelsPurpose names the key webhook secrets are sealed with.
const ChannelsPurpose = "sitecard/channels/v1"

// ErrNoWebhook is a webhook action without a saved URL.
var ErrNoWebhook = &services.Error{Kind: services.Conflict, Key: "channels.no_webhook", Msg: "no webhook URL is saved"}

// webhookChannel posts messages, signed, to the URL the member saved, in the shape of
// its preset (Standard Webhooks, Slack, Discord, ntfy).
type webhookChannel struct {
	*env
	box *sealed.Box
}

func newWebhook(e *env) *webhookChannel {
	return &webhookChannel{env: e, box: sealed.New(e.secret, ChannelsPurpose)}
}

func (c *webhookChannel) Name() string { return models.ChannelWebhook }

// pool: the receivers are many and various, so more of them may be waited on at once.
func (c *webhookChannel) pool() int { return 8 }

// allowed reports whether a saved webhook URL passes the site's settings as they are
// now (WEBHOOK_ALLOW_PRIVATE, BASE_URL, ADDR).
func (c *webhookChannel) allowed(target string) bool {
	return c.hooks.Check(target, c.d.WebhookAllowPrivate) == nil
}

// Ready reports whether a URL is saved that the settings allow.
func (c *webhookChannel) Ready(ctx context.Context, memberID int64) (bool, models.Reason, error) {
	chs, err := models.ChannelsOf(ctx, c.db, memberID)
	if err != nil {
		return false, "", err
	}
	switch target := chs[c.Name()].Target; {
	case target == "":
		return false, models.ReasonChannelOff, nil
	case !c.allowed(target):
		return false, models.ReasonBlocked, nil
	}
	return true, models.ReasonNone, nil
}

// Send posts the letter. A private address, a changed SECRET_KEY or a 410 fail the
// delivery (a 410 also turns the webhook off); anything else is tried again.
func (c *webhookChannel) Send(ctx context.Context, l Letter) Outcome {
	err := c.post(ctx, l)
	var se *webhook.StatusError
	switch {
	case err == nil:
		return delivered()
	case errors.Is(err, errChannelOff):
		return Outcome{Verdict: TurnOff, Reason: models.ReasonChannelOff, Err: err}
	case errors.Is(err, webhook.ErrBlocked), errors.Is(err, webhook.ErrSelf), errors.Is(err, errSecretChanged),
		errors.As(err, &se) && se.Gone():
		return Outcome{Verdict: Failed, Reason: hookReason(err), Err: err}
	}
	return Outcome{Verdict: Retry, Reason: hookReason(err), Err: err}
}

// hookReason tells the receiver's answers and the guard's refusals.
func hookReason(err error) models.Reason {
	var se *webhook.StatusError
	switch {
	case errors.Is(err, webhook.ErrBlocked), errors.Is(err, webhook.ErrSelf):
		return models.ReasonBlocked
	case errors.As(err, &se) && se.Gone():
		return models.ReasonGone
	case errors.As(err, &se):
		return models.ReasonWebhook.WithCode(strconv.Itoa(se.Status))
	}
	return unreachable(reasonOf(err))
}

// post posts the letter to the member's webhook, signed. A 410 turns the webhook off.
func (c *webhookChannel) post(ctx context.Context, l Letter) error {
	ch := l.Setting
	if !ch.Enabled || ch.Target == "" {
		return errChannelOff
	}
	secret, err := c.box.Open(ch.Secret)
	if errors.Is(err, sealed.ErrWrongKey) {
		return errSecretChanged
	}
	if err != nil {
		return err
	}
	m := l.Message
	ev := webhook.Event{ID: m.ID, Card: l.Card, Name: m.Name, Email: m.Email, Message: m.Body, CreatedAt: l.CreatedAt, Link: l.Link}
	ctype, body, header := webhook.Body(ch.Preset, ev)
	err = c.hooks.Post(ctx, webhook.Request{URL: ch.Target, ContentType: ctype, Body: body, Header: header,
		ID: l.ID, Timestamp: c.now(), Secret: secret})
	var se *webhook.StatusError
	if errors.As(err, &se) && se.Gone() {
		if derr := models.DisableChannel(ctx, c.db, ch.MemberID, c.Name(), c.now().UTC()); derr != nil {
			return derr
		}
		c.routes.Drop(ch.MemberID)
	}
	return err
}

// describe: a URL saved under settings that refuse it now (WEBHOOK_ALLOW_PRIVATE, or
// before ADDR pointed there) is never "healthy".
func (c *webhookChannel) describe(_ context.Context, ch *models.MemberChannel, st *ChannelStatus) error {
	st.Ready = ch.Target != ""
	if st.Ready && !c.allowed(ch.Target) {
		st.Ready, st.Reason = false, models.ReasonBlocked
	}
	return nil
}

// test posts a sample, with a new Webhook-Id each time.
func (c *webhookChannel) test(ctx context.Context, memberID int64, setting *models.MemberChannel, lang string) error {
	l := sample(c.env, memberID, setting, lang)
	l.ID = "test_" + strconv.FormatInt(l.CreatedAt.UnixNano(), 10)
	err := c.post(ctx, l)
	switch {
	case errors.Is(err, errChannelOff):
		return ErrNoWebhook
	case err != nil:
		return &SendError{Reason: hookReason(err), Err: err}
	}
	return nil
}

// refused lists the members whose saved webhook the settings refuse now.
func (c *webhookChannel) refused(ctx context.Context) ([]int64, error) {
	chs, err := models.ChannelsByKind(ctx, c.db, c.Name())
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, ch := range chs {
		if ch.Enabled && ch.Target != "" && !c.allowed(ch.Target) {
			out = append(out, ch.MemberID)
		}
	}
	return out, nil
}

// save stores a member's webhook URL and shape, and turns it on. The first time, and
// when asked, it makes a new signing secret, returned to be shown once.
func (c *webhookChannel) save(ctx context.Context, s *Settings, memberID int64, rawURL, preset string, rotate bool) (string, error) {
	rawURL = strings.TrimSpace(rawURL)
	if err := c.hooks.Check(rawURL, c.d.WebhookAllowPrivate); err != nil {
		code := "webhook_url"
		switch {
		case errors.Is(err, webhook.ErrBlocked):
			code = "webhook_private"
		case errors.Is(err, webhook.ErrSelf):
			code = "webhook_self"
		}
		return "", fieldError("webhook_url", code)
	}
	if len(rawURL) > 500 {
		return "", fieldError("webhook_url", "too_long", 500)
	}
	if !webhook.ValidPreset(preset) {
		return "", fieldError("preset", "choice")
	}
	var secret string
	err := s.update(ctx, memberID, c.Name(), func(ch *models.MemberChannel) error {
		if ch.Secret == "" || rotate {
			secret = webhook.NewSecret()
			ch.Secret = c.box.Seal(secret)
		}
		ch.Target, ch.Preset, ch.Enabled = rawURL, preset, true
		return nil
	})
	return secret, err
}

// rotate replaces the webhook's signing secret and returns the new one.
func (c *webhookChannel) rotate(ctx context.Context, s *Settings, memberID int64) (string, error) {
	var secret string
	err := s.update(ctx, memberID, c.Name(), func(ch *models.MemberChannel) error {
		if ch.Target == "" {
			return ErrNoWebhook
		}
		secret = webhook.NewSecret()
		ch.Secret = c.box.Seal(secret)
		return nil
	})
	return secret, err
}
