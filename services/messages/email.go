package messages

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"sitecard/internal/mailer"
	"sitecard/models"
	"sitecard/services"
)

// confirmLife is how long an address confirmation link works.
const confirmLife = 48 * time.Hour

// emailChannel mails messages to the account's address, once the member confirmed it
// with a link mailed there.
type emailChannel struct {
	*env
	mail *mailer.Sender // nil: no relay (SMTP_URL), email is off
}

func newEmail(e *env) *emailChannel { return &emailChannel{env: e, mail: e.d.Mailer} }

func (c *emailChannel) Name() string { return models.ChannelEmail }

// emailConfirmed reports whether the account's current address is the one confirmed: a
// changed address has to be confirmed again.
func emailConfirmed(ch *models.MemberChannel, m *models.Member) bool {
	return ch.Target != "" && m.Email != "" && strings.EqualFold(ch.Target, m.Email)
}

// Ready reports whether the site has a relay and the account's address is confirmed.
// The account is read only when there is a confirmed address to compare.
func (c *emailChannel) Ready(ctx context.Context, memberID int64) (bool, models.Reason, error) {
	if c.mail == nil {
		return false, models.ReasonChannelOff, nil
	}
	chs, err := models.ChannelsOf(ctx, c.db, memberID)
	if err != nil {
		return false, "", err
	}
	ch := chs[c.Name()]
	if ch.Target == "" {
		return false, models.ReasonChannelOff, nil
	}
	m, err := models.MemberByID(ctx, c.db, memberID)
	if err != nil {
		return false, "", err
	}
	if !emailConfirmed(ch, m) {
		return false, models.ReasonChannelOff, nil
	}
	return true, models.ReasonNone, nil
}

// Send mails the message to the confirmed address. A relay's 5xx fails the delivery; an
// address no longer confirmed turns the channel off for it.
func (c *emailChannel) Send(ctx context.Context, l Letter) Outcome {
	err := c.sendTo(ctx, l)
	return c.outcome(err)
}

func (c *emailChannel) outcome(err error) Outcome {
	var me *mailer.Error
	switch {
	case err == nil:
		return delivered()
	case errors.Is(err, errChannelOff):
		return Outcome{Verdict: TurnOff, Reason: models.ReasonChannelOff, Err: err}
	case errors.As(err, &me) && me.Permanent():
		return Outcome{Verdict: Failed, Reason: mailReason(err), Err: err}
	}
	return Outcome{Verdict: Retry, Reason: mailReason(err), Err: err}
}

// mailReason tells the relay's refusals by their SMTP code.
func mailReason(err error) models.Reason {
	var me *mailer.Error
	if errors.As(err, &me) {
		return models.ReasonSMTP.WithCode(strconv.Itoa(me.Code))
	}
	return unreachable(reasonOf(err))
}

// sendTo mails the letter to the address of its setting, if it is still the account's
// confirmed one.
func (c *emailChannel) sendTo(ctx context.Context, l Letter) error {
	m, err := models.MemberByID(ctx, c.db, l.MemberID)
	if err != nil {
		return err
	}
	if c.mail == nil || !l.Setting.Enabled || !emailConfirmed(l.Setting, m) {
		return errChannelOff
	}
	ml, err := c.mails.message(c.d.From, m, l, c.host)
	if err != nil {
		return err
	}
	return c.mail.Send(ctx, ml)
}

// describe: the address shows only once confirmed, and the one a link was sent to as
// pending while the link works.
func (c *emailChannel) describe(ctx context.Context, ch *models.MemberChannel, st *ChannelStatus) error {
	m, err := models.MemberByID(ctx, c.db, st.MemberID)
	if err != nil {
		return err
	}
	st.Ready = c.mail != nil && emailConfirmed(ch, m)
	if !emailConfirmed(ch, m) {
		st.Target = ""
	}
	if ch.ConfirmHash != "" && ch.ConfirmExpiresAt != nil && c.now().Before(*ch.ConfirmExpiresAt) {
		st.Pending = ch.ConfirmTarget
	}
	return nil
}

// test mails a sample, a new mail each time.
func (c *emailChannel) test(ctx context.Context, memberID int64, setting *models.MemberChannel, lang string) error {
	l := sample(c.env, memberID, setting, lang)
	l.Message.ID = l.CreatedAt.UnixNano() // a test is a new mail each time
	err := c.sendTo(ctx, l)
	switch {
	case errors.Is(err, errChannelOff) && c.mail == nil:
		return ErrMailOff
	case errors.Is(err, errChannelOff):
		return ErrNotConfirmed
	case err != nil:
		return &SendError{Reason: mailReason(err), Err: err}
	}
	return nil
}

// sendConfirmation mails a confirmation link to the account's address. Until it is
// followed, the address receives nothing else.
func (c *emailChannel) sendConfirmation(ctx context.Context, s *Settings, memberID int64) error {
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
	err = s.update(ctx, memberID, c.Name(), func(ch *models.MemberChannel) error {
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
	ml, err := c.mails.confirmation(c.d.From, m, c.baseURL+"/confirm-email/"+token,
		"confirm."+hex.EncodeToString(raw[:8])+"@"+c.host, c.now())
	if err != nil {
		return err
	}
	return c.mail.Send(ctx, ml)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// pendingConfirmation is the channel a live confirmation link names.
func (c *emailChannel) pendingConfirmation(ctx context.Context, token string) (*models.MemberChannel, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrConfirmExpired
	}
	ch, err := models.ChannelByConfirmHash(ctx, c.db, hashToken(token))
	if errors.Is(err, models.ErrNotFound) || err == nil && (ch.ConfirmExpiresAt == nil || !c.now().Before(*ch.ConfirmExpiresAt)) {
		return nil, ErrConfirmExpired
	}
	return ch, err
}

// confirm follows a confirmation link: the address it was sent to becomes the member's
// email channel, turned on. It returns the member and the address confirmed.
func (c *emailChannel) confirm(ctx context.Context, s *Settings, token string) (int64, string, error) {
	ch, err := c.pendingConfirmation(ctx, token)
	if err != nil {
		return 0, "", err
	}
	address := ch.ConfirmTarget
	m, err := models.MemberByID(ctx, c.db, ch.MemberID)
	if err != nil {
		return 0, "", err
	}
	if !strings.EqualFold(m.Email, ch.ConfirmTarget) {
		return 0, "", ErrConfirmExpired // the account's address changed after the link was sent
	}
	err = s.update(ctx, ch.MemberID, c.Name(), func(ch *models.MemberChannel) error {
		ch.Target, ch.Enabled, ch.ConfirmHash, ch.ConfirmTarget, ch.ConfirmExpiresAt = ch.ConfirmTarget, true, "", "", nil
		return nil
	})
	return ch.MemberID, address, err
}

// Errors of the email settings.
var (
	ErrNoEmail        = &services.Error{Kind: services.Conflict, Key: "channels.no_email", Msg: "the account has no email address"}
	ErrMailOff        = &services.Error{Kind: services.Conflict, Key: "channels.mail_off", Msg: "no mail relay is configured (SMTP_URL)"}
	ErrNotConfirmed   = &services.Error{Kind: services.Conflict, Key: "channels.not_confirmed", Msg: "the email address is not confirmed yet"}
	ErrConfirmExpired = errors.New("the confirmation link is unknown or expired")
	ErrConfirmAgain   = fmt.Errorf("%w: a confirmation link was sent less than a minute ago", services.ErrRateLimited)
)
