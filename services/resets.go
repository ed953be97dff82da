package services

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/mailer"
	"sitecard/internal/validate"
	"sitecard/models"
)

// Password reset by email: a link valid for ResetLife, used once, mailed only to an
// address the member confirmed. Requests are throttled per client address and per
// login, and the answer never says whether the login exists.
const ResetLife = time.Hour

// Reset request limits: per client address, and per login (whoever asks).
var (
	ResetPerIP    = config.Rate{N: 5, Window: 15 * time.Minute}
	ResetPerLogin = config.Rate{N: 3, Window: time.Hour}
)

// ErrResetInvalid means a reset link is unknown, used or expired.
var ErrResetInvalid = fail(Conflict, "reset.expired", "the reset link is used or expired")

// accountMail sends the mail about a member's account (reset links, a cleared second
// factor) through the site's relay. Sending happens after the answer, so that how long
// the relay takes says nothing about whether a login exists.
type accountMail struct {
	sender  *mailer.Sender
	from    *mail.Address
	baseURL string
	log     *slog.Logger
}

func (a *accountMail) host() string {
	if u, err := url.Parse(a.baseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "localhost"
}

// send mails text (Korean line, then English) in the background, bounded in time.
func (a *accountMail) send(to *mail.Address, subject, text, link string, now time.Time) {
	id := make([]byte, 8)
	rand.Read(id) //nolint:errcheck // crypto/rand does not fail
	htmlBody := "<p>" + strings.ReplaceAll(html.EscapeString(text), "\n", "<br>") + "</p>"
	if link != "" {
		htmlBody += `<p><a href="` + html.EscapeString(link) + `">` + html.EscapeString(link) + "</a></p>"
		text += "\n\n" + link
	}
	m := &mailer.Mail{From: a.from, To: to, Subject: subject, Text: text, HTML: htmlBody,
		MessageID: "account." + hex.EncodeToString(id) + "@" + a.host(), Date: now}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := a.sender.Send(ctx, m); err != nil {
			a.log.Warn("account mail not sent", "subject", subject, "err", err)
		}
	}()
}

// MailConfigured reports whether reset links can be mailed.
func (s *Members) MailConfigured() bool { return s.mail != nil }

// RequestReset mails a reset link to the member with that login, if there is one, it is
// enabled and its address is confirmed. It says nothing else: the caller answers the
// same either way. Only a throttled request is an error (ErrRateLimited).
func (s *Members) RequestReset(ctx context.Context, login, ip string) error {
	login = NormalizeLogin(login)
	// Counted first and per login whether or not it exists: the throttle reveals nothing.
	err := s.limiter.Allow(ctx, Limit{"reset-ip", s.limiter.Client(ip), ResetPerIP}, Limit{"reset-login", login, ResetPerLogin})
	if err != nil {
		return err
	}
	if s.mail == nil || login == "" {
		return nil
	}
	m, err := models.MemberByLogin(ctx, s.db, login)
	if errors.Is(err, models.ErrNotFound) || err == nil && (m.Login != login || m.Disabled) {
		return nil
	}
	if err != nil {
		return err
	}
	addr, err := models.ConfirmedEmail(ctx, s.db, m)
	if err != nil || addr == "" {
		return err
	}
	raw := make([]byte, 32)
	rand.Read(raw) //nolint:errcheck // crypto/rand does not fail
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.now().UTC()
	if err := models.InsertPasswordReset(ctx, s.db, &models.PasswordReset{MemberID: m.ID, TokenHash: hashToken(token),
		ExpiresAt: now.Add(ResetLife), CreatedAt: now}); err != nil {
		return err
	}
	text := "sitecard: 비밀번호를 다시 정하려면 아래 링크를 여세요. 한 시간 동안 한 번만 쓸 수 있습니다. 요청하지 않았다면 이 메일을 무시하세요.\n" +
		"(To choose a new password, open the link below. It works once, for an hour. If you did not ask, ignore this mail.)"
	s.mail.send(mailer.Address(m.DisplayName, addr), "sitecard: 비밀번호 재설정 (reset your password)", text,
		s.mail.baseURL+"/login/reset/"+token, now)
	return nil
}

// resetFor returns the unused, unexpired reset link for token, or ErrResetInvalid.
func (s *Members) resetFor(ctx context.Context, db bun.IDB, token string) (*models.PasswordReset, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrResetInvalid
	}
	r, err := models.PasswordResetByHash(ctx, db, hashToken(token))
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrResetInvalid
	}
	if err != nil {
		return nil, err
	}
	if r.UsedAt != nil || !s.now().Before(r.ExpiresAt) {
		return nil, ErrResetInvalid
	}
	return r, nil
}

// CheckReset reports whether a reset link can still be used (the page with the form).
func (s *Members) CheckReset(ctx context.Context, token string) error {
	_, err := s.resetFor(ctx, s.db, token)
	return err
}

// ResetPassword sets a new password with a reset link, once, and ends every session of
// the member. It signs nobody in: the member signs in with the new password, and a
// second factor if they have one.
func (s *Members) ResetPassword(ctx context.Context, token string, values map[string]string) (*models.Member, error) {
	if err := invalid(validate.NewPassword().Check(values)); err != nil {
		return nil, err
	}
	if _, err := s.resetFor(ctx, s.db, token); err != nil {
		return nil, err
	}
	var hash string
	var herr error
	if err := s.hash(ctx, func() { hash, herr = argon2id.CreateHash(values["password"], s.params) }); err != nil {
		return nil, err
	}
	if herr != nil {
		return nil, fmt.Errorf("services: hash password: %w", herr)
	}
	var m *models.Member
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		r, err := s.resetFor(ctx, tx, token)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if won, err := models.UsePasswordReset(ctx, tx, r.ID, now); err != nil {
			return err
		} else if !won {
			return ErrResetInvalid
		}
		if m, err = models.MemberByID(ctx, tx, r.MemberID); err != nil {
			return err
		}
		if m.Disabled {
			return ErrResetInvalid
		}
		if err := models.SetMemberPassword(ctx, tx, m.ID, hash, now); err != nil {
			return err
		}
		if err := models.RetirePasswordResets(ctx, tx, m.ID, now); err != nil {
			return err
		}
		_, err = models.EndSessionsExcept(ctx, tx, m.ID, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}
