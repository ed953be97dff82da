package messages

import (
	"context"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/i18n"
	"sitecard/internal/webhook"
	"sitecard/models"
	"sitecard/services"
)

// ChannelTimeout is the most a test through a channel, or a confirmation mail, may take:
// a webhook has 10 s, a mail relay as long.
const ChannelTimeout = webhook.Timeout

// TestsPerMinute is how many tests a member may send through their channels a minute: a
// test posts to any public address the member names.
const TestsPerMinute = 10

// Settings is each member's channels: which are on, the email address they confirmed,
// the webhook they saved, and a test through each.
type Settings struct {
	*env
	outbox *outbox
	reg    *registry
}

// ChannelStatus is one channel of a member as the settings page and the status fragment
// show it.
type ChannelStatus struct {
	Channel  string
	MemberID int64
	Enabled  bool
	// Ready says the channel can deliver now: KakaoTalk connected, the address
	// confirmed, a URL saved.
	Ready bool
	// Target is the confirmed address or the webhook's URL; Pending the address a
	// confirmation link was sent to.
	Target, Pending, Preset string
	LastOKAt, LastErrorAt   *time.Time
	Reason                  models.Reason
}

// Health is the channel's state in a word: off, waiting (not ready), failing (its
// latest delivery failed) or healthy.
func (s ChannelStatus) Health() string {
	switch {
	case !s.Enabled:
		return "off"
	case !s.Ready:
		return "waiting"
	case failing(s.LastOKAt, s.LastErrorAt):
		return "failing"
	}
	return "healthy"
}

// failing reports whether a channel's latest delivery failed.
func failing(ok, failed *time.Time) bool {
	return failed != nil && (ok == nil || failed.After(*ok))
}

// Channels lists the site's channels by name, in the pages' order.
func (s *Settings) Channels() []string { return s.reg.names() }

// Channel is the channel of that name as the site spells it (a constant, never a view of
// a request's bytes), and whether there is one.
func (s *Settings) Channel(name string) (string, bool) {
	if ch := s.reg.get(name); ch != nil {
		return ch.Name(), true
	}
	return "", false
}

// MailConfigured reports whether email can be sent.
func (s *Settings) MailConfigured() bool { return s.d.Mailer != nil }

// setting is a member's setting of one channel: off when never saved (KakaoTalk, on).
func setting(chs map[string]*models.MemberChannel, memberID int64, name string) *models.MemberChannel {
	if ch := chs[name]; ch != nil {
		return ch
	}
	return &models.MemberChannel{MemberID: memberID, Channel: name}
}

// Status lists a member's channels.
func (s *Settings) Status(ctx context.Context, memberID int64) ([]ChannelStatus, error) {
	chs, err := models.ChannelsOf(ctx, s.db, memberID)
	if err != nil {
		return nil, err
	}
	var out []ChannelStatus
	for _, c := range s.reg.list {
		ch := setting(chs, memberID, c.Name())
		st := ChannelStatus{Channel: c.Name(), MemberID: memberID, Enabled: ch.Enabled, Target: ch.Target, Preset: ch.Preset,
			LastOKAt: ch.LastOKAt, LastErrorAt: ch.LastErrorAt, Reason: ch.Reason}
		if d, ok := c.(describer); ok {
			err = d.describe(ctx, ch, &st)
		} else {
			st.Ready, _, err = c.Ready(ctx, memberID)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// SetEnabled turns a member's channel on or off. Messages that waited for a channel get
// their deliveries when one is turned on.
func (s *Settings) SetEnabled(ctx context.Context, memberID int64, channel string, on bool) error {
	err := s.update(ctx, memberID, channel, func(ch *models.MemberChannel) error {
		ch.Enabled = on
		return nil
	})
	if err != nil || !on {
		return err
	}
	return s.outbox.replanWaiting(ctx, memberID)
}

// update changes a member's setting of a channel in a transaction, and forgets the
// member's routes.
func (s *Settings) update(ctx context.Context, memberID int64, channel string, fn func(*models.MemberChannel) error) error {
	if s.reg.get(channel) == nil {
		return models.ErrNotFound
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		chs, err := models.ChannelsOf(ctx, tx, memberID)
		if err != nil {
			return err
		}
		ch := setting(chs, memberID, channel)
		if err := fn(ch); err != nil {
			return err
		}
		ch.UpdatedAt = s.now().UTC()
		s.routes.Drop(memberID)
		return models.SaveChannel(ctx, tx, ch)
	})
}

// Test sends a sample message through one of the member's channels at once, outside the
// outbox, and returns what went wrong (a *SendError when the receiver refused: ReasonOf
// tells why). The outcome is the channel's health, as a delivery's is.
func (s *Settings) Test(ctx context.Context, memberID int64, channel, lang string) error {
	c := s.reg.get(channel)
	t, ok := c.(tester)
	if !ok {
		return models.ErrNotFound
	}
	if err := s.d.Limiter.Allow(ctx, services.Limit{Name: "channel-test", Key: strconv.FormatInt(memberID, 10),
		Rate: config.Rate{N: TestsPerMinute, Window: time.Minute}}); err != nil {
		return err
	}
	chs, err := models.ChannelsOf(ctx, s.db, memberID)
	if err != nil {
		return err
	}
	err = t.test(ctx, memberID, setting(chs, memberID, channel), lang)
	if se, ok := err.(*SendError); ok || err == nil {
		o := delivered()
		if ok {
			o = Outcome{Verdict: Retry, Reason: se.Reason, Err: se.Err}
		}
		s.outbox.record(ctx, memberID, channel, o)
	}
	return err
}

// sample is the letter a test sends.
func sample(e *env, memberID int64, setting *models.MemberChannel, lang string) Letter {
	if lang == "" {
		lang = i18n.Korean
	}
	now := e.now().UTC()
	return Letter{Message: &models.Message{Name: "sitecard", Email: "test@" + e.host, Body: e.catalog.T(lang, "channels.test_body"), CreatedAt: now},
		MemberID: memberID, Setting: setting, Card: "test", Link: e.baseURL + "/admin/channels", CreatedAt: now}
}

// email and webhook are the channels with settings of their own, found by their type.
func (s *Settings) email() *emailChannel {
	for _, c := range s.reg.list {
		if e, ok := c.(*emailChannel); ok {
			return e
		}
	}
	return nil
}

func (s *Settings) webhook() *webhookChannel {
	for _, c := range s.reg.list {
		if w, ok := c.(*webhookChannel); ok {
			return w
		}
	}
	return nil
}

// SendConfirmation mails a confirmation link to the account's address. Until it is
// followed, the address receives nothing else.
func (s *Settings) SendConfirmation(ctx context.Context, memberID int64) error {
	return s.email().sendConfirmation(ctx, s, memberID)
}

// ConfirmationAddress is the address a live confirmation link would confirm: what its
// page shows (whoever holds the link was sent it there; the member's login is not theirs
// to see).
func (s *Settings) ConfirmationAddress(ctx context.Context, token string) (string, error) {
	ch, err := s.email().pendingConfirmation(ctx, token)
	if err != nil {
		return "", err
	}
	return ch.ConfirmTarget, nil
}

// Confirm follows a confirmation link: the address it was sent to becomes the member's
// email channel, turned on. It returns the address confirmed.
func (s *Settings) Confirm(ctx context.Context, token string) (string, error) {
	member, address, err := s.email().confirm(ctx, s, token)
	if err != nil {
		return "", err
	}
	return address, s.outbox.replanWaiting(ctx, member)
}

// SaveWebhook stores a member's webhook URL and shape, and turns it on. The first time,
// and when asked, it makes a new signing secret, returned to be shown once.
func (s *Settings) SaveWebhook(ctx context.Context, memberID int64, rawURL, preset string, rotate bool) (string, error) {
	secret, err := s.webhook().save(ctx, s, memberID, rawURL, preset, rotate)
	if err != nil {
		return "", err
	}
	return secret, s.outbox.replanWaiting(ctx, memberID)
}

// SavedWebhook is the webhook's URL and preset as saved, for its form.
func (s *Settings) SavedWebhook(ctx context.Context, memberID int64) (url, preset string, err error) {
	chs, err := models.ChannelsOf(ctx, s.db, memberID)
	if err != nil {
		return "", "", err
	}
	ch := setting(chs, memberID, s.webhook().Name())
	return ch.Target, ch.Preset, nil
}

// RotateSecret replaces the webhook's signing secret and returns the new one.
func (s *Settings) RotateSecret(ctx context.Context, memberID int64) (string, error) {
	return s.webhook().rotate(ctx, s, memberID)
}

// RefusedWebhooks lists the members whose saved webhook the settings refuse now: checked
// at start-up, so that a restart without WEBHOOK_ALLOW_PRIVATE is told at once, not when
// a message fails.
func (s *Settings) RefusedWebhooks(ctx context.Context) ([]int64, error) {
	return s.webhook().refused(ctx)
}
