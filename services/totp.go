package services

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/mailer"
	"sitecard/internal/sealed"
	"sitecard/models"
)

// TOTPPurpose is the sealed box the authenticator secrets are kept in.
const TOTPPurpose = "sitecard/totp/v1"

// RecoveryCodeCount is how many recovery codes a member gets, shown once.
const RecoveryCodeCount = 10

// CodeRate throttles codes like passwords: per member, counted before the check, so
// guessing past it is refused even with the right code.
var CodeRate = config.Rate{N: LoginAttempts, Window: LoginWindow}

// Second factor errors.
var (
	ErrBadCode     = fail(Invalid, "code.wrong", "wrong code")
	ErrTOTPOn      = fail(Conflict, "", "the authenticator is already set up")
	ErrNoTOTPSetup = fail(Conflict, "", "no authenticator is being set up")
)

// totpOpts are the parameters every authenticator app understands: 6 digits, 30 s, SHA-1.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// SecondFactor keeps members' authenticator apps (TOTP, RFC 6238) and recovery codes.
type SecondFactor struct {
	db      bun.IDB
	box     *sealed.Box
	limiter *Limiter
	members *Members
	issuer  string
	now     func() time.Time
}

// SecondFactorDeps is what the second-factor service is made of.
type SecondFactorDeps struct {
	DB bun.IDB
	// Secret (SECRET_KEY) seals the authenticators' secrets.
	Secret  []byte
	Limiter *Limiter
	Members *Members
	// Issuer is the name authenticator apps list the account under (the site's host).
	Issuer string
	Now    func() time.Time // nil: the wall clock
}

// NewSecondFactor returns the service.
func NewSecondFactor(d SecondFactorDeps) *SecondFactor {
	return &SecondFactor{db: d.DB, box: sealed.New(d.Secret, TOTPPurpose), limiter: d.Limiter, members: d.Members, issuer: d.Issuer, now: orNow(d.Now)}
}

// TOTPSetup is an authenticator being set up: the otpauth:// URL for the QR code and
// the secret for typing in.
type TOTPSetup struct {
	URL, Secret string
}

// Status is a member's second factor as the account page shows it.
type Status struct {
	On bool
	// Pending says an authenticator is being set up.
	Pending bool
	// RecoveryLeft is how many recovery codes are unused.
	RecoveryLeft int
}

// Status returns the member's second factor.
func (s *SecondFactor) Status(ctx context.Context, memberID int64) (Status, error) {
	t, err := models.TOTPOf(ctx, s.db, memberID)
	if errors.Is(err, models.ErrNotFound) {
		return Status{}, nil
	}
	if err != nil {
		return Status{}, err
	}
	st := Status{On: t.ConfirmedAt != nil, Pending: t.ConfirmedAt == nil}
	if st.On {
		st.RecoveryLeft, err = models.UnusedRecoveryCodes(ctx, s.db, memberID)
	}
	return st, err
}

// Enabled reports whether the member is asked for a code at sign-in.
func (s *SecondFactor) Enabled(ctx context.Context, memberID int64) (bool, error) {
	return models.HasConfirmedTOTP(ctx, s.db, memberID)
}

// Begin starts setting up an authenticator for the member with a new secret.
func (s *SecondFactor) Begin(ctx context.Context, m *models.Member) (*TOTPSetup, error) {
	if on, err := s.Enabled(ctx, m.ID); err != nil || on {
		return nil, errors.Join(err, map[bool]error{true: ErrTOTPOn, false: nil}[on])
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: s.issuer, AccountName: m.Login, Period: totpOpts.Period,
		Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm})
	if err != nil {
		return nil, fmt.Errorf("services: totp key: %w", err)
	}
	err = models.PutTOTP(ctx, s.db, &models.MemberTOTP{MemberID: m.ID, Secret: s.box.Seal(key.Secret()), CreatedAt: s.now().UTC()})
	if err != nil {
		return nil, err
	}
	return &TOTPSetup{URL: key.URL(), Secret: key.Secret()}, nil
}

// Pending returns the authenticator being set up, to show its QR code again.
func (s *SecondFactor) Pending(ctx context.Context, m *models.Member) (*TOTPSetup, error) {
	t, err := models.TOTPOf(ctx, s.db, m.ID)
	if errors.Is(err, models.ErrNotFound) || err == nil && t.ConfirmedAt != nil {
		return nil, ErrNoTOTPSetup
	}
	if err != nil {
		return nil, err
	}
	secret, err := s.box.Open(t.Secret)
	if err != nil {
		return nil, err
	}
	key, err := otp.NewKeyFromURL("otpauth://totp/" + urlPart(s.issuer) + ":" + urlPart(m.Login) +
		"?secret=" + secret + "&issuer=" + urlPart(s.issuer) + "&algorithm=SHA1&digits=6&period=30")
	if err != nil {
		return nil, fmt.Errorf("services: totp url: %w", err)
	}
	return &TOTPSetup{URL: key.URL(), Secret: secret}, nil
}

func urlPart(s string) string {
	return strings.NewReplacer("%", "%25", " ", "%20", ":", "%3A", "?", "%3F", "&", "%26", "#", "%23", "/", "%2F").Replace(s)
}

// throttle counts one code try for the member, before the code is looked at.
func (s *SecondFactor) throttle(ctx context.Context, memberID int64) (Limit, error) {
	lim := Limit{"code", strconv.FormatInt(memberID, 10), CodeRate}
	err := s.limiter.Allow(ctx, lim)
	if errors.Is(err, ErrRateLimited) {
		return lim, ErrThrottled
	}
	return lim, err
}

// step returns the time step code is right for (this one, or one either side for a
// clock that is a little off), or -1.
func (s *SecondFactor) step(secret, code string) int64 {
	now := s.now()
	for _, off := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(off*int64(totpOpts.Period)) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return t.Unix() / int64(totpOpts.Period)
		}
	}
	return -1
}

// Confirm finishes the setup with a first code from the app and returns the recovery
// codes, which are shown this once and kept only as hashes.
func (s *SecondFactor) Confirm(ctx context.Context, memberID int64, code string) ([]string, error) {
	lim, err := s.throttle(ctx, memberID)
	if err != nil {
		return nil, err
	}
	t, err := models.TOTPOf(ctx, s.db, memberID)
	if errors.Is(err, models.ErrNotFound) || err == nil && t.ConfirmedAt != nil {
		return nil, ErrNoTOTPSetup
	}
	if err != nil {
		return nil, err
	}
	secret, err := s.box.Open(t.Secret)
	if err != nil {
		return nil, err
	}
	step := s.step(secret, digits(code))
	if step < 0 {
		return nil, ErrBadCode
	}
	codes, hashes := newRecoveryCodes(memberID)
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		now := s.now().UTC()
		if ok, err := models.ConfirmTOTP(ctx, tx, memberID, step, now); err != nil || !ok {
			return errors.Join(err, map[bool]error{true: nil, false: ErrNoTOTPSetup}[ok])
		}
		return models.ReplaceRecoveryCodes(ctx, tx, memberID, hashes, now)
	})
	if err != nil {
		return nil, err
	}
	return codes, s.limiter.Forget(ctx, lim)
}

// Verify checks a code at sign-in: a code from the app, once per time step, or an unused
// recovery code, which is then used up. Tries are counted before the check. It says
// which it was: "code" or "recovery".
func (s *SecondFactor) Verify(ctx context.Context, memberID int64, code string) (string, error) {
	lim, err := s.throttle(ctx, memberID)
	if err != nil {
		return "", err
	}
	t, err := models.TOTPOf(ctx, s.db, memberID)
	if errors.Is(err, models.ErrNotFound) || err == nil && t.ConfirmedAt == nil {
		return "", ErrBadCode
	}
	if err != nil {
		return "", err
	}
	ok, how := false, ""
	if d := digits(code); len(d) == int(totpOpts.Digits) {
		secret, err := s.box.Open(t.Secret)
		if err != nil {
			return "", err
		}
		if step := s.step(secret, d); step >= 0 {
			if ok, err = models.UseTOTPStep(ctx, s.db, memberID, step); err != nil {
				return "", err
			}
		}
		how = "code"
	} else if rc := normalRecoveryCode(code); rc != "" {
		if ok, err = models.UseRecoveryCode(ctx, s.db, memberID, recoveryHash(memberID, rc), s.now().UTC()); err != nil {
			return "", err
		}
		how = "recovery"
	}
	if !ok {
		return "", ErrBadCode
	}
	return how, s.limiter.Forget(ctx, lim)
}

// Disable turns the member's own second factor off, after their password.
func (s *SecondFactor) Disable(ctx context.Context, memberID int64, password string) error {
	if err := s.members.CheckPassword(ctx, memberID, password); err != nil {
		return err
	}
	_, err := models.DeleteTOTP(ctx, s.db, memberID)
	return err
}

// Clear removes a member's second factor, for an admin (a member who lost their phone
// and their codes). The member is told by email, where their address is confirmed, and
// reports whether there was one to clear.
func (s *SecondFactor) Clear(ctx context.Context, actor Actor, memberID int64) (bool, error) {
	if !actor.Admin {
		return false, ErrForbidden
	}
	m, err := models.MemberByID(ctx, s.db, memberID)
	if err != nil {
		return false, err
	}
	had, err := models.DeleteTOTP(ctx, s.db, memberID)
	if err != nil || !had {
		return had, err
	}
	if s.members.mail != nil {
		addr, err := models.ConfirmedEmail(ctx, s.db, m)
		if err != nil {
			return true, err
		}
		if addr != "" {
			text := "sitecard: 관리자가 이 계정의 2단계 인증을 해제했습니다. 이제 비밀번호만으로 로그인됩니다. 직접 요청하지 않았다면 관리자에게 알리고 비밀번호를 바꾸세요.\n" +
				"(An admin turned off the second factor of your account: a password alone now signs in. If you did not ask for this, tell an admin and change your password.)"
			s.members.mail.send(mailer.Address(m.DisplayName, addr), "sitecard: 2단계 인증 해제 (second factor turned off)", text,
				s.members.mail.baseURL+"/admin/account", s.now())
		}
	}
	return true, nil
}

// digits keeps the digits of a code as typed ("123 456" is 123456).
func digits(code string) string {
	var b strings.Builder
	for _, r := range code {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if r != ' ' && r != '-' {
			return ""
		}
	}
	return b.String()
}

// Recovery codes are ten base32 characters, shown as two groups of five.
var recoveryAlphabet = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

func newRecoveryCodes(memberID int64) (codes, hashes []string) {
	for range RecoveryCodeCount {
		raw := make([]byte, 7)
		rand.Read(raw) //nolint:errcheck // crypto/rand does not fail
		c := recoveryAlphabet.EncodeToString(raw)[:10]
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, recoveryHash(memberID, c))
	}
	return codes, hashes
}

// normalRecoveryCode is a recovery code as typed, without dashes and spaces, in lower
// case; "" when it cannot be one.
func normalRecoveryCode(code string) string {
	c := strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(code))
	if len(c) != 10 || strings.Trim(c, "abcdefghijkmnpqrstuvwxyz23456789") != "" {
		return ""
	}
	return c
}

// recoveryHash is what is kept of a recovery code: its SHA-256, with the member's ID so
// that equal codes of two members differ.
func recoveryHash(memberID int64, code string) string {
	h := sha256.Sum256([]byte(strconv.FormatInt(memberID, 10) + ":" + code))
	return hex.EncodeToString(h[:])
}
