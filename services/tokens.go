package services

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/i18n"
	"sitecard/internal/kakao"
	"sitecard/internal/sealed"
	"sitecard/models"
)

// Token states shown on the dashboard.
const (
	TokenHealthy        = "healthy"
	TokenExpiring       = "expiring"
	TokenNeedsReconnect = "needs_reconnect"
	TokenDisconnected   = "disconnected"
)

// TokensPurpose names the key the tokens are sealed with (a backup checks it).
const TokensPurpose = "sitecard/tokens/v1"

// RotationWindow is when Kakao starts handing out a new refresh token (docs/kakao.md).
const RotationWindow = 30 * 24 * time.Hour

// Tokens keeps each member's Kakao tokens, encrypted, refreshes them, and is the one door
// to KakaoTalk: everything that talks to Kakao for a member goes through it.
type Tokens struct {
	db      bun.IDB
	client  *kakao.Client
	box     *sealed.Box
	catalog *i18n.Catalog
	baseURL string
	now     func() time.Time
	ahead   time.Duration
	flights sync.Map // member id → *sync.Mutex: one refresh per member at a time
	// lock extends the single flight to every instance on the database: two instances
	// refreshing at once would let the second use a refresh token the first just rotated.
	lock func(ctx context.Context, name string) (func(), error)
	// connected is told when a member's connection works again (the outbox releases the
	// messages that waited for it).
	connected func(ctx context.Context, memberID int64) error
}

// NewTokens returns the token service. secret is SECRET_KEY; the AES-256-GCM key is
// derived from it so that the same setting decrypts on every instance.
func NewTokens(db bun.IDB, client *kakao.Client, secret []byte, ahead time.Duration, catalog *i18n.Catalog, baseURL string) *Tokens {
	return &Tokens{db: db, client: client, box: sealed.New(secret, TokensPurpose), catalog: catalog, baseURL: baseURL, now: time.Now, ahead: ahead,
		lock:      func(context.Context, string) (func(), error) { return func() {}, nil },
		connected: func(context.Context, int64) error { return nil }}
}

// WithLock sets the cross-instance lock (database.Lock on MariaDB).
func (s *Tokens) WithLock(lock func(ctx context.Context, name string) (func(), error)) *Tokens {
	s.lock = lock
	return s
}

// WithClock replaces the clock (tests move it through months).
func (s *Tokens) WithClock(now func() time.Time) *Tokens { s.now = now; return s }

// OnConnected sets what happens when a member's connection works again.
func (s *Tokens) OnConnected(fn func(ctx context.Context, memberID int64) error) { s.connected = fn }

// Configured reports whether a Kakao app is set up.
func (s *Tokens) Configured() bool { return s.client.Configured() }

// AuthorizeURL is where the owner's browser goes to grant talk_message.
func (s *Tokens) AuthorizeURL(state string) (string, error) {
	if !s.client.Configured() {
		return "", ErrNotConfigured
	}
	return s.client.AuthorizeURL(state), nil
}

func (s *Tokens) seal(plain string) string { return s.box.Seal(plain) }

func (s *Tokens) open(v string) (string, error) {
	plain, err := s.box.Open(v)
	if errors.Is(err, sealed.ErrWrongKey) {
		return "", errSecretChanged
	}
	return plain, err
}

func (s *Tokens) row(ctx context.Context, memberID int64) (*models.Token, error) {
	t, err := models.TokenOf(ctx, s.db, memberID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrNotConnected
	}
	return t, err
}

// upstream wraps a Kakao failure so that callers see ErrUpstream; other errors pass.
func upstream(err error) error {
	var ke *kakao.Error
	if !errors.As(err, &ke) {
		return err
	}
	return &UpstreamError{Code: ke.Code, Reconnect: ke.Class == kakao.Reconnect, Err: err}
}

// Connect exchanges an authorization code and stores the member's tokens, then releases
// the messages that waited for the connection. A code is exchanged once: the same code
// again (a reloaded callback) is treated as done.
func (s *Tokens) Connect(ctx context.Context, memberID int64, code string) error {
	sum := sha256.Sum256([]byte(code))
	first, err := models.UseCode(ctx, s.db, &models.KakaoCodeUse{CodeHash: fmt.Sprintf("%x", sum), MemberID: memberID, CreatedAt: s.now().UTC()})
	if err != nil || !first {
		return err
	}
	tok, err := s.client.Exchange(ctx, code)
	if err != nil {
		return upstream(err)
	}
	now := s.now().UTC()
	row := &models.Token{
		MemberID: memberID, AccessToken: s.seal(tok.AccessToken), RefreshToken: s.seal(tok.RefreshToken),
		Scope: tok.Scope, AccessExpiresAt: now.Add(time.Duration(tok.ExpiresIn) * time.Second),
		RefreshExpiresAt: now.Add(time.Duration(tok.RefreshTokenExpiresIn) * time.Second),
		State:            TokenHealthy, LastRefreshAt: &now, CreatedAt: now, UpdatedAt: now,
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return models.ReplaceToken(ctx, tx, row) })
	if err != nil {
		return err
	}
	return s.connected(ctx, memberID)
}

// accessToken returns a usable access token, refreshing it first if it has expired.
func (s *Tokens) accessToken(ctx context.Context, memberID int64) (string, error) {
	t, err := s.row(ctx, memberID)
	if err != nil {
		return "", err
	}
	if t.State == TokenNeedsReconnect {
		return "", ErrNotConnected
	}
	access, err := s.open(t.AccessToken)
	if err != nil {
		return "", err
	}
	if s.now().Add(time.Minute).After(t.AccessExpiresAt) {
		return s.refresh(ctx, memberID, access)
	}
	return access, nil
}

// Send delivers a memo to the member's own KakaoTalk. A -401 refreshes the token once and
// sends again (docs/kakao.md); a refusal that needs the owner to log in again marks the
// connection needs_reconnect. Kakao's failures come back as *UpstreamError.
func (s *Tokens) Send(ctx context.Context, memberID int64, memo kakao.Memo) error {
	access, err := s.accessToken(ctx, memberID)
	if err != nil {
		return upstream(err)
	}
	err = s.client.SendMemo(ctx, access, memo)
	if kakao.ClassOf(err) == kakao.Unauthorized {
		if access, err = s.refresh(ctx, memberID, access); err == nil {
			err = s.client.SendMemo(ctx, access, memo)
		}
	}
	if err != nil && kakao.ClassOf(err) == kakao.Reconnect {
		if merr := models.SetTokenState(ctx, s.db, memberID, TokenNeedsReconnect, reasonOf(err), err.Error(), s.now().UTC()); merr != nil {
			return merr
		}
	}
	return upstream(err)
}

// SendTest sends the owner a test memo in their language, linking to the Kakao panel.
func (s *Tokens) SendTest(ctx context.Context, memberID int64, lang string) error {
	t := func(key string) string { return s.catalog.T(lang, key) }
	return s.Send(ctx, memberID, kakao.NewMemo(t("kakao.test_memo_name"), "", t("kakao.test_memo_body"), s.baseURL+"/admin/kakao"))
}

// Disconnect logs the member out of Kakao (best effort) and forgets the tokens.
func (s *Tokens) Disconnect(ctx context.Context, memberID int64) error {
	if t, err := s.row(ctx, memberID); err == nil {
		if access, err := s.open(t.AccessToken); err == nil {
			// The local forget is what matters; Kakao may already have revoked the token.
			s.client.Unlink(ctx, access) //nolint:errcheck
		}
	}
	return models.DeleteToken(ctx, s.db, memberID)
}

// Connected reports whether the member has a usable connection.
// Without a Kakao app (KAKAO_REST_API_KEY) nobody is: stored tokens cannot be used.
func (s *Tokens) Connected(ctx context.Context, memberID int64) bool {
	if !s.client.Configured() {
		return false
	}
	t, err := s.row(ctx, memberID)
	return err == nil && t.State != TokenNeedsReconnect
}
