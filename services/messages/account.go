package messages

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/kakao"
	"sitecard/internal/sealed"
	"sitecard/models"
	"sitecard/services"
)

// Token states shown on the dashboard.
const (
	TokenHealthy        = "healthy"
	TokenExpiring       = "expiring"
	TokenNeedsReconnect = "needs_reconnect"
	TokenDisconnected   = "disconnected"
)

// RotationWindow is when Kakao starts handing out a new refresh token (docs/kakao.md).
const RotationWindow = 30 * 24 * time.Hour

// Account is each member's KakaoTalk account: their Kakao tokens, encrypted, refreshed
// ahead of expiry, and the one door to KakaoTalk: everything that talks to Kakao for a
// member goes through it.
type Account struct {
	*env
	client  *kakao.Client
	box     *sealed.Box
	ahead   time.Duration
	flights sync.Map // member id → *sync.Mutex: one refresh per member at a time
	// lock extends the single flight to every instance on the database: two instances
	// refreshing at once would let the second use a refresh token the first just rotated.
	lock func(ctx context.Context, name string) (func(), error)
	// outbox releases the messages that waited for a member's KakaoTalk when it works
	// again (set by New, before the service is handed out).
	outbox *outbox
}

// newAccount returns the account. The tokens' AES-256-GCM key is derived from SECRET_KEY
// so that the same setting decrypts on every instance.
func newAccount(e *env) *Account {
	lock := e.d.Lock
	if lock == nil {
		lock = func(context.Context, string) (func(), error) { return func() {}, nil }
	}
	return &Account{env: e, client: e.d.Kakao, box: sealed.New(e.secret, services.TokensPurpose), ahead: e.d.RefreshAhead, lock: lock}
}

// connected releases the messages that waited for the member's KakaoTalk.
func (s *Account) connected(ctx context.Context, memberID int64) error {
	_, err := s.outbox.releaseWaiting(ctx, memberID)
	return err
}

// Configured reports whether a Kakao app is set up.
func (s *Account) Configured() bool { return s.client.Configured() }

// AuthorizeURL is where the owner's browser goes to grant talk_message.
func (s *Account) AuthorizeURL(state string) (string, error) {
	if !s.client.Configured() {
		return "", services.ErrNotConfigured
	}
	return s.client.AuthorizeURL(state), nil
}

func (s *Account) seal(plain string) string { return s.box.Seal(plain) }

func (s *Account) open(v string) (string, error) {
	plain, err := s.box.Open(v)
	if errors.Is(err, sealed.ErrWrongKey) {
		return "", errSecretChanged
	}
	return plain, err
}

func (s *Account) row(ctx context.Context, memberID int64) (*models.Token, error) {
	t, err := models.TokenOf(ctx, s.db, memberID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, services.ErrNotConnected
	}
	return t, err
}

// upstream wraps a Kakao failure so that callers see ErrUpstream; other errors pass.
func upstream(err error) error {
	var ke *kakao.Error
	if !errors.As(err, &ke) {
		return err
	}
	return &services.UpstreamError{Code: ke.Code, Reconnect: ke.Class == kakao.Reconnect, Err: err}
}

// Connect exchanges an authorization code and stores the member's tokens, then releases
// the messages that waited for the connection. A code is exchanged once: the same code
// again (a reloaded callback) is treated as done.
func (s *Account) Connect(ctx context.Context, memberID int64, code string) error {
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
func (s *Account) accessToken(ctx context.Context, memberID int64) (string, error) {
	t, err := s.row(ctx, memberID)
	if err != nil {
		return "", err
	}
	if t.State == TokenNeedsReconnect {
		return "", services.ErrNotConnected
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

// send delivers a memo to the member's own KakaoTalk. A -401 refreshes the token once and
// sends again (docs/kakao.md); a refusal that needs the owner to log in again marks the
// connection needs_reconnect. Kakao's failures come back as *UpstreamError.
func (s *Account) send(ctx context.Context, memberID int64, memo kakao.Memo) error {
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
		if merr := models.SetTokenState(ctx, s.db, memberID, TokenNeedsReconnect, kakaoReason(err), err.Error(), s.now().UTC()); merr != nil {
			return merr
		}
	}
	return upstream(err)
}

// SendTest sends the owner a test memo in their language, linking to the Kakao panel.
func (s *Account) SendTest(ctx context.Context, memberID int64, lang string) error {
	t := func(key string) string { return s.catalog.T(lang, key) }
	return s.send(ctx, memberID, kakao.NewMemo(t("kakao.test_memo_name"), "", t("kakao.test_memo_body"), s.baseURL+"/admin/kakao"))
}

// Disconnect logs the member out of Kakao (best effort) and forgets the tokens.
func (s *Account) Disconnect(ctx context.Context, memberID int64) error {
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
func (s *Account) Connected(ctx context.Context, memberID int64) bool {
	if !s.client.Configured() {
		return false
	}
	t, err := s.row(ctx, memberID)
	return err == nil && t.State != TokenNeedsReconnect
}

// Refresh gets a new access token for the member now ("refresh now" on the panel), then
// releases the messages that waited for a working connection.
func (s *Account) Refresh(ctx context.Context, memberID int64) error {
	if _, err := s.refresh(ctx, memberID, ""); err != nil {
		return upstream(err)
	}
	return s.connected(ctx, memberID)
}

// refresh gets a new access token for the member and returns it. stale is the access
// token the caller found wanting ("" to force); if another caller already replaced it,
// that newer token is returned without asking Kakao again. A rotated refresh token is
// saved in the same statement as the access token.
func (s *Account) refresh(ctx context.Context, memberID int64, stale string) (string, error) {
	mu, _ := s.flights.LoadOrStore(memberID, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	release, err := s.lock(ctx, fmt.Sprintf("sitecard_refresh_%d", memberID))
	if err != nil {
		return "", err
	}
	defer release()

	t, err := s.row(ctx, memberID)
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
		if err := models.SetTokenState(ctx, s.db, memberID, state, kakaoReason(kerr), kerr.Error(), now); err != nil {
			return "", err
		}
		return "", kerr
	}
	var rotated string
	if tok.RefreshToken != "" {
		rotated = s.seal(tok.RefreshToken)
	}
	err = models.SaveRefreshedToken(ctx, s.db, memberID, s.seal(tok.AccessToken), now.Add(time.Duration(tok.ExpiresIn)*time.Second),
		rotated, now.Add(time.Duration(tok.RefreshTokenExpiresIn)*time.Second), TokenHealthy, now)
	if err != nil {
		return "", err
	}
	return tok.AccessToken, nil
}

// RefreshDue refreshes every connected token whose access token expires within the
// look-ahead or whose refresh token has under 30 days left. It returns how many it
// refreshed and the first error; a transient error leaves the tokens for the next tick.
func (s *Account) RefreshDue(ctx context.Context) (int, error) {
	now := s.now().UTC()
	ids, err := models.TokensDue(ctx, s.db, TokenNeedsReconnect, now.Add(s.ahead), now.Add(RotationWindow))
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for _, id := range ids {
		if _, err := s.refresh(ctx, id, ""); err != nil {
			if first == nil {
				first = fmt.Errorf("member %d: %w", id, err)
			}
			continue
		}
		n++
	}
	return n, first
}

// TokenStatus is one member's connection, for the dashboard.
type TokenStatus struct {
	MemberID         int64
	Login            string
	State            string
	AccessExpiresAt  *time.Time
	RefreshExpiresAt *time.Time
	LastRefreshAt    *time.Time
	LastError        string        // the text, for the JSON status and the log
	Reason           models.Reason // what the panel translates
}

// Count counts every member's connection by state, for the metrics.
func (s *Account) Count(ctx context.Context) (map[string]int, error) {
	sts, err := s.Status(ctx, services.Actor{Admin: true})
	if err != nil {
		return nil, err
	}
	out := map[string]int{TokenHealthy: 0, TokenExpiring: 0, TokenNeedsReconnect: 0, TokenDisconnected: 0}
	for _, st := range sts {
		out[st.State]++
	}
	return out, nil
}

// Status lists the connection of every member an actor may see.
func (s *Account) Status(ctx context.Context, actor services.Actor) ([]TokenStatus, error) {
	members, err := models.MembersByID(ctx, s.db, scope(actor))
	if err != nil {
		return nil, err
	}
	tokens, err := models.Tokens(ctx, s.db)
	if err != nil {
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
			st.AccessExpiresAt, st.RefreshExpiresAt, st.LastRefreshAt, st.LastError, st.Reason = &ae, &re, t.LastRefreshAt, t.LastError, t.Reason
			switch {
			case !s.client.Configured():
				// The tokens are stored but nothing can use them: one truth with the
				// panel's "no key", never "healthy".
				st.State, st.Reason = TokenDisconnected, models.ReasonNotConfigured
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
