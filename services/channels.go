package services

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/mailer"
	"sitecard/internal/sealed"
	"sitecard/internal/webhook"
	"sitecard/models"
)

// ChannelsPurpose names the key webhook secrets are sealed with.
const ChannelsPurpose = "sitecard/channels/v1"

// ChannelTimeout is the most a test through a channel, or a confirmation mail, may take:
// a webhook has 10 s, a mail relay as long.
const ChannelTimeout = webhook.Timeout

// confirmLife is how long an address confirmation link works.
const confirmLife = 48 * time.Hour

// Errors of the channel settings.
var (
	ErrNoEmail        = fmt.Errorf("%w: the account has no email address", ErrConflict)
	ErrMailOff        = fmt.Errorf("%w: no mail relay is configured (SMTP_URL)", ErrConflict)
	ErrNotConfirmed   = fmt.Errorf("%w: the email address is not confirmed yet", ErrConflict)
	ErrNoWebhook      = fmt.Errorf("%w: no webhook URL is saved", ErrConflict)
	ErrConfirmExpired = errors.New("the confirmation link is unknown or expired")
	ErrConfirmAgain   = fmt.Errorf("%w: a confirmation link was sent less than a minute ago", ErrRateLimited)
	errChannelOff     = errors.New("services: the channel is off or not set up")
)

// Channels keeps each member's channels (KakaoTalk, email, webhook) and delivers by
// email and webhook; KakaoTalk goes through Tokens.
type Channels struct {
	db           bun.IDB
	box          *sealed.Box
	mail         *mailer.Sender // nil: email is off
	from         *mail.Address
	hooks        *webhook.Client
	allowPrivate bool
	baseURL      string
	now          func() time.Time
	// enabled is told when a member turns a channel on (the outbox gives the messages that
	// waited for one their deliveries).
	enabled func(ctx context.Context, memberID int64) error
	// routes remembers for a second where each member's messages go: a burst of messages
	// costs one look at the settings, and a change on another instance counts within the
	// second (a change here, at once).
	routes *shortMemory[int64, routes]
	// limiter bounds the tests a member sends (TestsPerMinute): a test posts to any
	// public address the member names.
	limiter *Limiter
}

// TestsPerMinute is how many tests a member may send through their channels a minute.
const TestsPerMinute = 10

// routes is which of a member's channels can take a new message, and which of those
// failed their latest delivery.
type routes struct {
	kakao, email, webhook bool
	failing               map[string]bool
}

// NewChannels returns the channel service. secret is SECRET_KEY, which seals webhook
// secrets.
// self is where this site is reached (BASE_URL, ADDR): no webhook may post there.
func NewChannels(db bun.IDB, secret []byte, smtp config.SMTPConfig, allowPrivate bool, baseURL string, self webhook.Self) *Channels {
	c := &Channels{db: db, box: sealed.New(secret, ChannelsPurpose), from: smtp.From, hooks: webhook.NewClient(allowPrivate, self),
		allowPrivate: allowPrivate, baseURL: baseURL, now: time.Now, enabled: func(context.Context, int64) error { return nil },
		routes: newShortMemory[int64, routes]()}
	if smtp.Configured() {
		c.mail = mailer.New(smtp.URL, smtp.Insecure)
	}
	return c
}

// WithLimiter bounds the tests members send through their channels.
func (c *Channels) WithLimiter(l *Limiter) *Channels { c.limiter = l; return c }

// WithMailer replaces the mail sender (tests trust their relay's certificate).
func (c *Channels) WithMailer(s *mailer.Sender) *Channels { c.mail = s; return c }

// OnEnabled sets what happens when a member turns a channel on.
func (c *Channels) OnEnabled(fn func(ctx context.Context, memberID int64) error) { c.enabled = fn }

// WithClock replaces the clock (tests).
func (c *Channels) WithClock(now func() time.Time) *Channels { c.now = now; return c }

// MailConfigured reports whether email can be sent.
func (c *Channels) MailConfigured() bool { return c.mail != nil }

// ChannelStatus is one channel of a member as the settings page and the status fragment
// show it.
type ChannelStatus struct {
	Channel string
	Enabled bool
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
	case s.LastErrorAt != nil && (s.LastOKAt == nil || s.LastErrorAt.After(*s.LastOKAt)):
		return "failing"
	}
	return "healthy"
}

// Status lists a member's channels. kakaoConnected is whether their KakaoTalk works.
func (c *Channels) Status(ctx context.Context, memberID int64, kakaoConnected bool) ([]ChannelStatus, error) {
	chs, err := models.ChannelsOf(ctx, c.db, memberID)
	if err != nil {
		return nil, err
	}
	m, err := models.MemberByID(ctx, c.db, memberID)
	if err != nil {
		return nil, err
	}
	var out []ChannelStatus
	for _, name := range models.Channels() {
		ch := chs[name]
		st := ChannelStatus{Channel: name, Enabled: ch.Enabled, Target: ch.Target, Preset: ch.Preset,
			LastOKAt: ch.LastOKAt, LastErrorAt: ch.LastErrorAt, Reason: ch.Reason}
		switch name {
		case models.ChannelKakao:
			st.Ready = kakaoConnected
		case models.ChannelEmail:
			st.Ready = c.mail != nil && emailConfirmed(ch, m)
			if !emailConfirmed(ch, m) {
				st.Target = ""
			}
			if ch.ConfirmHash != "" && ch.ConfirmExpiresAt != nil && c.now().Before(*ch.ConfirmExpiresAt) {
				st.Pending = ch.ConfirmTarget
			}
		case models.ChannelWebhook:
			st.Ready = ch.Target != ""
			if st.Ready && !c.webhookAllowed(ch.Target) {
				// Saved under WEBHOOK_ALLOW_PRIVATE, or before ADDR pointed there: refused
				// now, so never "healthy".
				st.Ready, st.Reason = false, models.ReasonBlocked
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// emailConfirmed reports whether the account's current address is the one confirmed: a
// changed address has to be confirmed again.
func emailConfirmed(ch *models.MemberChannel, m *models.Member) bool {
	return ch.Target != "" && m.Email != "" && strings.EqualFold(ch.Target, m.Email)
}

// SetEnabled turns a member's channel on or off.
func (c *Channels) SetEnabled(ctx context.Context, memberID int64, channel string, on bool) error {
	err := c.update(ctx, memberID, channel, func(ch *models.MemberChannel) error {
		ch.Enabled = on
		return nil
	})
	if err != nil || !on {
		return err
	}
	return c.enabled(ctx, memberID)
}

func (c *Channels) update(ctx context.Context, memberID int64, channel string, fn func(*models.MemberChannel) error) error {
	if !validChannel(channel) {
		return models.ErrNotFound
	}
	return c.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		chs, err := models.ChannelsOf(ctx, tx, memberID)
		if err != nil {
			return err
		}
		ch := chs[channel]
		if err := fn(ch); err != nil {
			return err
		}
		ch.UpdatedAt = c.now().UTC()
		c.routes.drop(memberID)
		return models.SaveChannel(ctx, tx, ch)
	})
}

func validChannel(ch string) bool { return slices.Contains(models.Channels(), ch) }

// webhookAllowed reports whether a saved webhook URL passes the site's settings as they
// are now (WEBHOOK_ALLOW_PRIVATE, BASE_URL, ADDR).
func (c *Channels) webhookAllowed(target string) bool {
	return c.hooks.Check(target, c.allowPrivate) == nil
}

// RefusedWebhooks lists the members whose saved webhook the settings refuse now: checked
// at start-up, so that a restart without WEBHOOK_ALLOW_PRIVATE is told at once, not when
// a message fails.
func (c *Channels) RefusedWebhooks(ctx context.Context) ([]int64, error) {
	chs, err := models.ChannelsByKind(ctx, c.db, models.ChannelWebhook)
	if err != nil {
		return nil, err
	}
	var refused []int64
	for _, ch := range chs {
		if ch.Enabled && ch.Target != "" && !c.webhookAllowed(ch.Target) {
			refused = append(refused, ch.MemberID)
		}
	}
	return refused, nil
}

// SendConfirmation mails a confirmation link to the account's address. Until it is
// followed, the address receives nothing else.
func (c *Channels) SendConfirmation(ctx context.Context, memberID int64) error {
	if c.mail == nil {
		return ErrMailOff
	}
	m, err := models.MemberByID(ctx, c.db, memberID)
	if err != nil {
		return err
	}
	if m.Email == "" {
		return ErrNoEmail
	}
	raw := make([]byte, 24)
	rand.Read(raw) //nolint:errcheck // crypto/rand does not fail
	token := base64.RawURLEncoding.EncodeToString(raw)
	err = c.update(ctx, memberID, models.ChannelEmail, func(ch *models.MemberChannel) error {
		// One link a minute: the button cannot fill the member's mailbox.
		if ch.ConfirmExpiresAt != nil && c.now().Before(ch.ConfirmExpiresAt.Add(-confirmLife+time.Minute)) {
			return ErrConfirmAgain
		}
		exp := c.now().UTC().Add(confirmLife)
		ch.ConfirmHash, ch.ConfirmTarget, ch.ConfirmExpiresAt = hashToken(token), m.Email, &exp
		return nil
	})
	if err != nil {
		return err
	}
	link := c.baseURL + "/confirm-email/" + token
	text := "sitecard: 이 주소로 메시지를 받으려면 아래 링크를 여세요. (To receive messages at this address, open the link below.)\n\n" +
		link + "\n\n48시간 동안 유효합니다. (The link works for 48 hours.)"
	return c.mail.Send(ctx, &mailer.Mail{From: c.from, To: mailer.Address(m.DisplayName, m.Email),
		Subject: "sitecard: 메일 주소 확인 (confirm your address)", Text: text,
		HTML:      "<p>" + html.EscapeString(strings.SplitN(text, "\n", 2)[0]) + `</p><p><a href="` + html.EscapeString(link) + `">` + html.EscapeString(link) + "</a></p>",
		MessageID: "confirm." + hex.EncodeToString(raw[:8]) + "@" + c.host(), Date: c.now()})
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// pendingConfirmation is the channel a live confirmation link names.
func (c *Channels) pendingConfirmation(ctx context.Context, token string) (*models.MemberChannel, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrConfirmExpired
	}
	ch, err := models.ChannelByConfirmHash(ctx, c.db, hashToken(token))
	if errors.Is(err, models.ErrNotFound) || err == nil && (ch.ConfirmExpiresAt == nil || !c.now().Before(*ch.ConfirmExpiresAt)) {
		return nil, ErrConfirmExpired
	}
	return ch, err
}

// ConfirmationAddress is the address a live confirmation link would confirm: what its page
// shows (whoever holds the link was sent it there; the member's login is not theirs to see).
func (c *Channels) ConfirmationAddress(ctx context.Context, token string) (string, error) {
	ch, err := c.pendingConfirmation(ctx, token)
	if err != nil {
		return "", err
	}
	return ch.ConfirmTarget, nil
}

// Confirm follows a confirmation link: the address it was sent to becomes the member's
// email channel, turned on. It returns the address confirmed.
func (c *Channels) Confirm(ctx context.Context, token string) (string, error) {
	ch, err := c.pendingConfirmation(ctx, token)
	if err != nil {
		return "", err
	}
	address := ch.ConfirmTarget
	m, err := models.MemberByID(ctx, c.db, ch.MemberID)
	if err != nil {
		return "", err
	}
	if !strings.EqualFold(m.Email, ch.ConfirmTarget) {
		return "", ErrConfirmExpired // the account's address changed after the link was sent
	}
	err = c.update(ctx, ch.MemberID, models.ChannelEmail, func(ch *models.MemberChannel) error {
		ch.Target, ch.Enabled, ch.ConfirmHash, ch.ConfirmTarget, ch.ConfirmExpiresAt = ch.ConfirmTarget, true, "", "", nil
		return nil
	})
	if err != nil {
		return "", err
	}
	return address, c.enabled(ctx, ch.MemberID)
}

// SaveWebhook stores a member's webhook URL and shape, and turns it on. The first time,
// and when asked, it makes a new signing secret, returned to be shown once.
func (c *Channels) SaveWebhook(ctx context.Context, memberID int64, rawURL, preset string, rotate bool) (string, error) {
	rawURL = strings.TrimSpace(rawURL)
	if err := c.hooks.Check(rawURL, c.allowPrivate); err != nil {
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
	err := c.update(ctx, memberID, models.ChannelWebhook, func(ch *models.MemberChannel) error {
		if ch.Secret == "" || rotate {
			secret = webhook.NewSecret()
			ch.Secret = c.box.Seal(secret)
		}
		ch.Target, ch.Preset, ch.Enabled = rawURL, preset, true
		return nil
	})
	if err != nil {
		return "", err
	}
	return secret, c.enabled(ctx, memberID)
}

// RotateSecret replaces the webhook's signing secret and returns the new one.
func (c *Channels) RotateSecret(ctx context.Context, memberID int64) (string, error) {
	var secret string
	err := c.update(ctx, memberID, models.ChannelWebhook, func(ch *models.MemberChannel) error {
		if ch.Target == "" {
			return ErrNoWebhook
		}
		secret = webhook.NewSecret()
		ch.Secret = c.box.Seal(secret)
		return nil
	})
	return secret, err
}

// plan is the deliveries a new message for memberID gets: one per channel that is on
// and can deliver, KakaoTalk waiting when it is on but not connected. With none, the
// message waits on KakaoTalk, as it always did.
func (c *Channels) plan(ctx context.Context, memberID int64, kakaoConnected bool, now time.Time) ([]*models.Delivery, error) {
	r, err := c.routesOf(ctx, memberID)
	if err != nil {
		return nil, err
	}
	var ds []*models.Delivery
	if r.kakao {
		if kakaoConnected {
			ds = append(ds, models.NewDelivery(models.ChannelKakao, models.MessagePending, models.ReasonNone, now))
		} else {
			ds = append(ds, models.NewDelivery(models.ChannelKakao, models.MessageWaiting, models.ReasonNotConnected, now))
		}
	}
	if r.email {
		ds = append(ds, models.NewDelivery(models.ChannelEmail, models.MessagePending, models.ReasonNone, now))
	}
	if r.webhook {
		ds = append(ds, models.NewDelivery(models.ChannelWebhook, models.MessagePending, models.ReasonNone, now))
	}
	if len(ds) == 0 {
		ds = append(ds, models.NewDelivery(models.ChannelKakao, models.MessageWaiting, models.ReasonChannelOff, now))
	}
	return ds, nil
}

// routesOf reads which of a member's channels can take a message, from the second-long
// memory when it can. The account is read only when email is on.
func (c *Channels) routesOf(ctx context.Context, memberID int64) (routes, error) {
	now := c.now()
	if r, ok := c.routes.get(memberID, now); ok {
		return r, nil
	}
	chs, err := models.ChannelsOf(ctx, c.db, memberID)
	if err != nil {
		return routes{}, err
	}
	hook := chs[models.ChannelWebhook]
	r := routes{kakao: chs[models.ChannelKakao].Enabled, webhook: hook.Enabled && hook.Target != "" && c.webhookAllowed(hook.Target),
		failing: map[string]bool{}}
	for name, ch := range chs {
		if (ChannelStatus{Enabled: true, Ready: true, LastOKAt: ch.LastOKAt, LastErrorAt: ch.LastErrorAt}).Health() == "failing" {
			r.failing[name] = true
		}
	}
	if ch := chs[models.ChannelEmail]; ch.Enabled && ch.Target != "" && c.mail != nil {
		m, err := models.MemberByID(ctx, c.db, memberID)
		if err != nil {
			return routes{}, err
		}
		r.email = emailConfirmed(ch, m)
	}
	c.routes.put(memberID, r, now)
	return r, nil
}

// outgoing is what a delivery carries: the message with its card and its inbox link.
type outgoing struct {
	msg       *models.Message
	card      string // the card's slug, "" when it was deleted
	link      string
	hookID    string // the Webhook-Id: the delivery's
	createdAt time.Time
}

func (c *Channels) host() string {
	h := c.baseURL
	if i := strings.Index(h, "://"); i >= 0 {
		h = h[i+3:]
	}
	h, _, _ = strings.Cut(h, "/")
	h, _, _ = strings.Cut(h, ":")
	return h
}

// sendEmail mails the message to the address of ch, the member's email setting, if it
// is still the account's confirmed one.
func (c *Channels) sendEmail(ctx context.Context, ch *models.MemberChannel, o outgoing) error {
	m, err := models.MemberByID(ctx, c.db, ch.MemberID)
	if err != nil {
		return err
	}
	if c.mail == nil || !ch.Enabled || !emailConfirmed(ch, m) {
		return errChannelOff
	}
	return c.mail.Send(ctx, c.messageMail(m, o))
}

// messageMail is the message as an email: the memo's fields, whole, in a plain-text and
// an HTML part, with the visitor as Reply-To and a Message-ID that is the same for every
// try (a relay or a mail client recognises a retry as the same mail).
func (c *Channels) messageMail(m *models.Member, o outgoing) *mailer.Mail {
	msg := o.msg
	card := o.card
	if card == "" {
		card = "-"
	}
	fields := [][2]string{{"이름 (Name)", msg.Name}, {"메일 (Email)", msg.Email}, {"카드 (Card)", "/c/" + card}}
	var text, body strings.Builder
	for _, f := range fields {
		text.WriteString(f[0] + ": " + f[1] + "\n")
		body.WriteString("<tr><th align=\"left\">" + html.EscapeString(f[0]) + "</th><td>" + html.EscapeString(f[1]) + "</td></tr>")
	}
	text.WriteString("메세지 (Message):\n" + msg.Body + "\n\n" + o.link + "\n")
	htmlBody := "<table>" + body.String() + "</table><p style=\"white-space:pre-wrap\">" + html.EscapeString(msg.Body) +
		"</p><p><a href=\"" + html.EscapeString(o.link) + "\">메시지 보기 (Open in the inbox)</a></p>"
	return &mailer.Mail{From: c.from, To: mailer.Address(m.DisplayName, m.Email), ReplyTo: mailer.Address(msg.Name, msg.Email),
		Subject: "sitecard: " + msg.Name + " — /c/" + card, Text: text.String(), HTML: htmlBody,
		MessageID: "message." + strconv.FormatInt(msg.ID, 10) + "." + strconv.FormatInt(o.createdAt.Unix(), 10) + "@" + c.host(),
		Date:      o.createdAt}
}

// sendWebhook posts the message to the member's webhook, signed. A 410 turns the
// webhook off.
func (c *Channels) sendWebhook(ctx context.Context, ch *models.MemberChannel, o outgoing) error {
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
	ev := webhook.Event{ID: o.msg.ID, Card: o.card, Name: o.msg.Name, Email: o.msg.Email, Message: o.msg.Body,
		CreatedAt: o.createdAt, Link: o.link}
	ctype, body, header := webhook.Body(ch.Preset, ev)
	err = c.hooks.Post(ctx, webhook.Request{URL: ch.Target, ContentType: ctype, Body: body, Header: header,
		ID: o.hookID, Timestamp: c.now(), Secret: secret})
	var se *webhook.StatusError
	if errors.As(err, &se) && se.Gone() {
		if derr := models.DisableChannel(ctx, c.db, ch.MemberID, models.ChannelWebhook, c.now().UTC()); derr != nil {
			return derr
		}
	}
	return err
}

// Test sends a sample message through one of the member's channels at once, outside the
// outbox, and returns what went wrong.
func (c *Channels) Test(ctx context.Context, memberID int64, channel string) error {
	if c.limiter != nil {
		if err := c.limiter.Allow(ctx, Limit{Name: "channel-test", Key: strconv.FormatInt(memberID, 10), Rate: config.Rate{N: TestsPerMinute, Window: time.Minute}}); err != nil {
			return err
		}
	}
	chs, err := models.ChannelsOf(ctx, c.db, memberID)
	if err != nil {
		return err
	}
	now := c.now().UTC()
	o := outgoing{msg: &models.Message{ID: 0, Name: "sitecard", Email: "test@" + c.host(),
		Body: "테스트 메시지입니다. (A test message from /admin/channels.)", CreatedAt: now},
		card: "test", link: c.baseURL + "/admin/channels", createdAt: now}
	switch channel {
	case models.ChannelEmail:
		o.msg.ID = now.UnixNano() // a test is a new mail each time
		err = c.sendEmail(ctx, chs[channel], o)
		if errors.Is(err, errChannelOff) {
			if c.mail == nil {
				return ErrMailOff
			}
			return ErrNotConfirmed
		}
	case models.ChannelWebhook:
		o.hookID = "test_" + strconv.FormatInt(now.UnixNano(), 10) // likewise
		err = c.sendWebhook(ctx, chs[channel], o)
		if errors.Is(err, errChannelOff) {
			return ErrNoWebhook
		}
	default:
		return models.ErrNotFound
	}
	c.record(ctx, memberID, channel, err)
	return err
}

// record notes a delivery's outcome as the channel's health.
func (c *Channels) record(ctx context.Context, memberID int64, channel string, err error) {
	var up *UpstreamError
	if channel == models.ChannelKakao && (errors.Is(err, ErrNotConnected) || errors.As(err, &up) && up.Reconnect) {
		return // a token to connect again is said as the channel waiting, not failing
	}
	_ = models.RecordChannelOutcome(ctx, c.db, memberID, channel, ChannelReason(channel, err), detail(err), c.now().UTC())
}
