package services

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"sitecard/kakao"
	"sitecard/models"
)

// Token states shown on the dashboard.
const (
	TokenHealthy        = "healthy"
	TokenExpiring       = "expiring"
	TokenNeedsReconnect = "needs_reconnect"
	TokenDisconnected   = "disconnected"
)

// RotationWindow is when Kakao starts handing out a new refresh token (KAKAO.md §3).
const RotationWindow = 30 * 24 * time.Hour

// ErrNotConnected means the member has no usable KakaoTalk connection.
var ErrNotConnected = errors.New("kakao: not connected")

// Tokens keeps each member's Kakao tokens, encrypted, and refreshes them.
type Tokens struct {
	db      bun.IDB
	client  *kakao.Client
	aead    cipher.AEAD
	now     func() time.Time
	ahead   time.Duration
	flights sync.Map // member id → *sync.Mutex: one refresh per member at a time
	// lock extends the single flight to every instance on the database: two instances
	// refreshing at once would let the second use a refresh token the first just rotated.
	lock func(ctx context.Context, name string) (func(), error)
}

// NewTokens returns the token service. secret is SECRET_KEY; the AES-256-GCM key is
// derived from it so that the same setting decrypts on every instance.
func NewTokens(db bun.IDB, client *kakao.Client, secret []byte, ahead time.Duration) *Tokens {
	key := sha256.Sum256(append([]byte("sitecard/tokens/v1\x00"), secret...))
	block, _ := aes.NewCipher(key[:]) // a 32-byte key never fails
	aead, _ := cipher.NewGCM(block)
	return &Tokens{db: db, client: client, aead: aead, now: time.Now, ahead: ahead,
		lock: func(context.Context, string) (func(), error) { return func() {}, nil }}
}

// WithLock sets the cross-instance lock (dblock on MariaDB).
func (s *Tokens) WithLock(lock func(ctx context.Context, name string) (func(), error)) *Tokens {
	s.lock = lock
	return s
}

// WithClock replaces the clock (tests move it through months).
func (s *Tokens) WithClock(now func() time.Time) *Tokens { s.now = now; return s }

// Client is the Kakao client the tokens belong to.
func (s *Tokens) Client() *kakao.Client { return s.client }

func (s *Tokens) seal(plain string) string {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce) //nolint:errcheck
	return base64.StdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(plain), nil))
}

func (s *Tokens) open(sealed string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(b) < s.aead.NonceSize() {
		return "", errors.New("services: token ciphertext is malformed")
	}
	plain, err := s.aead.Open(nil, b[:s.aead.NonceSize()], b[s.aead.NonceSize():], nil)
	if err != nil {
		return "", errors.New("services: token does not decrypt (was SECRET_KEY changed?)")
	}
	return string(plain), nil
}

func (s *Tokens) row(ctx context.Context, db bun.IDB, memberID int64) (*models.Token, error) {
	t := new(models.Token)
	err := db.NewSelect().Model(t).Where("member_id = ?", memberID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotConnected
	}
	return t, err
}

// Connect exchanges an authorization code and stores the member's tokens. A code is
// exchanged once: the same code again (a reloaded callback) is treated as done.
func (s *Tokens) Connect(ctx context.Context, memberID int64, code string) (already bool, err error) {
	sum := sha256.Sum256([]byte(code))
	use := &models.KakaoCodeUse{CodeHash: fmt.Sprintf("%x", sum), MemberID: memberID, CreatedAt: s.now().UTC()}
	if _, err := s.db.NewInsert().Model(use).Exec(ctx); err != nil {
		if exists, _ := s.db.NewSelect().Model((*models.KakaoCodeUse)(nil)).Where("code_hash = ?", use.CodeHash).Exists(ctx); exists {
			return true, nil
		}
		return false, err
	}
	tok, err := s.client.Exchange(ctx, code)
	if err != nil {
		return false, err
	}
	now := s.now().UTC()
	row := &models.Token{
		MemberID: memberID, AccessToken: s.seal(tok.AccessToken), RefreshToken: s.seal(tok.RefreshToken),
		Scope: tok.Scope, AccessExpiresAt: now.Add(time.Duration(tok.ExpiresIn) * time.Second),
		RefreshExpiresAt: now.Add(time.Duration(tok.RefreshTokenExpiresIn) * time.Second),
		State:            TokenHealthy, LastRefreshAt: &now, CreatedAt: now, UpdatedAt: now,
	}
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*models.Token)(nil)).Where("member_id = ?", memberID).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewInsert().Model(row).Exec(ctx)
		return err
	})
	return false, err
}

// AccessToken returns a usable access token, refreshing it first if it has expired.
func (s *Tokens) AccessToken(ctx context.Context, memberID int64) (string, error) {
	t, err := s.row(ctx, s.db, memberID)
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
		return s.Refresh(ctx, memberID, access)
	}
	return access, nil
}

// Refresh gets a new access token for the member and returns it. stale is the access
// token the caller found wanting ("" to force); if another caller already replaced it,
// that newer token is returned without asking Kakao again. A rotated refresh token is
// saved in the same transaction as the access token.
func (s *Tokens) Refresh(ctx context.Context, memberID int64, stale string) (string, error) {
	mu, _ := s.flights.LoadOrStore(memberID, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	release, err := s.lock(ctx, fmt.Sprintf("sitecard_refresh_%d", memberID))
	if err != nil {
		return "", err
	}
	defer release()

	t, err := s.row(ctx, s.db, memberID)
	if err != nil {
		return "", err
	}
	access, err := s.open(t.AccessToken)
	if err != nil {
		return "", err
	}
	if stale != "" && access != stale && s.now().Before(t.AccessExpiresAt) {
		return access, nil // refreshed meanwhile
	}
	refresh, err := s.open(t.RefreshToken)
	if err != nil {
		return "", err
	}
	now := s.now().UTC()
	tok, kerr := s.client.Refresh(ctx, refresh)
	if kerr != nil {
		state := t.State
		if kakao.ClassOf(kerr) == kakao.Reconnect {
			state = TokenNeedsReconnect
		}
		_, err := s.db.NewUpdate().Model((*models.Token)(nil)).Set("state = ?", state).Set("last_error = ?", kerr.Error()).
			Set("updated_at = ?", now).Where("member_id = ?", memberID).Exec(ctx)
		if err != nil {
			return "", err
		}
		return "", kerr
	}
	q := s.db.NewUpdate().Model((*models.Token)(nil)).
		Set("access_token = ?", s.seal(tok.AccessToken)).
		Set("access_expires_at = ?", now.Add(time.Duration(tok.ExpiresIn)*time.Second)).
		Set("state = ?", TokenHealthy).Set("last_refresh_at = ?", now).Set("last_error = ?", "").Set("updated_at = ?", now)
	if tok.RefreshToken != "" {
		q = q.Set("refresh_token = ?", s.seal(tok.RefreshToken)).
			Set("refresh_expires_at = ?", now.Add(time.Duration(tok.RefreshTokenExpiresIn)*time.Second))
	}
	if _, err := q.Where("member_id = ?", memberID).Exec(ctx); err != nil {
		return "", err
	}
	return tok.AccessToken, nil
}

// RefreshDue refreshes every connected token whose access token expires within the
// look-ahead or whose refresh token has under 30 days left. It returns how many it
// refreshed and the first error; a transient error leaves the tokens for the next tick.
func (s *Tokens) RefreshDue(ctx context.Context) (int, error) {
	now := s.now().UTC()
	var ids []int64
	err := s.db.NewSelect().Model((*models.Token)(nil)).Column("member_id").
		Where("state <> ?", TokenNeedsReconnect).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("access_expires_at < ?", now.Add(s.ahead)).WhereOr("refresh_expires_at < ?", now.Add(RotationWindow))
		}).Scan(ctx, &ids)
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for _, id := range ids {
		if _, err := s.Refresh(ctx, id, ""); err != nil {
			if first == nil {
				first = fmt.Errorf("member %d: %w", id, err)
			}
			continue
		}
		n++
	}
	return n, first
}

// Disconnect logs the member out of Kakao (best effort) and forgets the tokens.
func (s *Tokens) Disconnect(ctx context.Context, memberID int64) error {
	if t, err := s.row(ctx, s.db, memberID); err == nil {
		if access, err := s.open(t.AccessToken); err == nil {
			s.client.Unlink(ctx, access) //nolint:errcheck // the local forget matters; Kakao may already have revoked it
		}
	}
	_, err := s.db.NewDelete().Model((*models.Token)(nil)).Where("member_id = ?", memberID).Exec(ctx)
	return err
}

// MarkNeedsReconnect records that Kakao refused the member's consent or token.
func (s *Tokens) MarkNeedsReconnect(ctx context.Context, memberID int64, reason string) error {
	_, err := s.db.NewUpdate().Model((*models.Token)(nil)).Set("state = ?", TokenNeedsReconnect).
		Set("last_error = ?", reason).Set("updated_at = ?", s.now().UTC()).Where("member_id = ?", memberID).Exec(ctx)
	return err
}

// TokenStatus is one member's connection, for the dashboard.
type TokenStatus struct {
	MemberID         int64
	Login            string
	State            string
	AccessExpiresAt  *time.Time
	RefreshExpiresAt *time.Time
	LastRefreshAt    *time.Time
	LastError        string
}

// Status lists the connection of every member an actor may see.
func (s *Tokens) Status(ctx context.Context, actor Actor) ([]TokenStatus, error) {
	var members []models.Member
	q := s.db.NewSelect().Model(&members).Order("id")
	if !actor.Admin {
		q = q.Where("id = ?", actor.ID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, err
	}
	var tokens []models.Token
	if err := s.db.NewSelect().Model(&tokens).Scan(ctx); err != nil {
		return nil, err
	}
	byMember := map[int64]models.Token{}
	for _, t := range tokens {
		byMember[t.MemberID] = t
	}
	now := s.now()
	out := make([]TokenStatus, 0, len(members))
	for _, m := range members {
		st := TokenStatus{MemberID: m.ID, Login: m.Login, State: TokenDisconnected}
		if t, ok := byMember[m.ID]; ok {
			ae, re := t.AccessExpiresAt, t.RefreshExpiresAt
			st.AccessExpiresAt, st.RefreshExpiresAt, st.LastRefreshAt, st.LastError = &ae, &re, t.LastRefreshAt, t.LastError
			switch {
			case t.State == TokenNeedsReconnect:
				st.State = TokenNeedsReconnect
			case re.Sub(now) < RotationWindow || now.After(ae):
				st.State = TokenExpiring
			default:
				st.State = TokenHealthy
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// Connected reports whether the member has a usable connection.
func (s *Tokens) Connected(ctx context.Context, memberID int64) bool {
	t, err := s.row(ctx, s.db, memberID)
	return err == nil && t.State != TokenNeedsReconnect
}
