package kakaofake

import (
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Lifetimes and limits from docs/kakao.md.
const (
	AccessLifetime  = 21599 * time.Second
	RefreshLifetime = 5183999 * time.Second
	RotationWindow  = 30 * 24 * time.Hour
	CodeLifetime    = 10 * time.Minute
	IssuesPer10Min  = 20
	RefreshesPerHr  = 30
	MemosPerDay     = 100
)

// SentMemo is one memo the fake accepted.
type SentMemo struct {
	UserID   int64
	Template map[string]any
	Text     string
	At       time.Time
}

type code struct {
	user     int64
	redirect string
	scopes   []string
	expires  time.Time
	used     bool
}

type token struct {
	user    int64
	scopes  []string
	expires time.Time
}

type user struct {
	issues    []time.Time
	refreshes []time.Time
	memoDay   string
	memoCount int
}

// Fake is the fake Kakao. The zero value is not usable; call New.
type Fake struct {
	log          *slog.Logger
	mu           sync.Mutex
	clientID     string
	clientSecret string
	redirects    []string
	// localRedirects accepts any loopback redirect URI (WithLocalRedirects).
	localRedirects bool
	now            func() time.Time

	codes   map[string]*code
	access  map[string]*token
	refresh map[string]*token
	users   map[int64]*user
	memos   []SentMemo

	// Controls.
	user          int64
	deny          bool
	noTalkConsent bool
	failures      []int
	delays        []time.Duration
	quota         int
}

// New returns a fake app with a REST API key, an optional client secret and its
// registered redirect URIs.
func New(clientID, clientSecret string, redirectURIs ...string) *Fake {
	return &Fake{
		clientID: clientID, clientSecret: clientSecret, redirects: redirectURIs, now: time.Now,
		codes: map[string]*code{}, access: map[string]*token{}, refresh: map[string]*token{},
		users: map[int64]*user{}, user: 1001, quota: MemosPerDay,
	}
}

// WithLocalRedirects also accepts any redirect URI on this machine (localhost, 127.0.0.1,
// ::1, any port), as a developer's Kakao app would have registered the address they run
// the site at. The `sitecard kakao-fake` command uses it, so that the site works with it
// on any port; the tests keep the strict check.
func (f *Fake) WithLocalRedirects() *Fake { f.localRedirects = true; return f }

// registered reports whether redirect is a registered redirect URI.
func (f *Fake) registered(redirect string) bool {
	if slices.Contains(f.redirects, redirect) {
		return true
	}
	u, err := url.Parse(redirect)
	if !f.localRedirects || err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	switch u.Hostname() {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// WithLogger makes the fake log each memo it accepts, as a phone would show it.
func (f *Fake) WithLogger(log *slog.Logger) *Fake { f.log = log; return f }

// WithClock replaces the clock, so tests can live through months of token lifetime.
func (f *Fake) WithClock(now func() time.Time) *Fake { f.now = now; return f }

// LogInAs makes the next authorizations come from this Kakao user.
func (f *Fake) LogInAs(userID int64) { f.mu.Lock(); f.user = userID; f.mu.Unlock() }

// Deny makes the user cancel the consent screen (error=access_denied).
func (f *Fake) Deny(deny bool) { f.mu.Lock(); f.deny = deny; f.mu.Unlock() }

// DisableTalkConsent makes the app's talk_message consent item off (-3).
func (f *Fake) DisableTalkConsent(off bool) { f.mu.Lock(); f.noTalkConsent = off; f.mu.Unlock() }

// FailNext makes the next n calls (any endpoint but authorize) answer with status.
func (f *Fake) FailNext(status, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.failures = append(f.failures, status)
	}
}

// DelayNext makes the next n calls wait d before answering (to outlast client timeouts).
func (f *Fake) DelayNext(d time.Duration, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for range n {
		f.delays = append(f.delays, d)
	}
}

// SetDailyQuota changes the memos one user may send a day (Kakao's is 100).
func (f *Fake) SetDailyQuota(n int) { f.mu.Lock(); f.quota = n; f.mu.Unlock() }

// Revoke kills every token of a user, as an unlink from Kakao's side would.
func (f *Fake) Revoke(userID int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.revoke(userID)
}

func (f *Fake) revoke(userID int64) {
	for k, t := range f.access {
		if t.user == userID {
			delete(f.access, k)
		}
	}
	for k, t := range f.refresh {
		if t.user == userID {
			delete(f.refresh, k)
		}
	}
}

// ExpireAccessTokens makes every access token expired now (refresh tokens live on).
func (f *Fake) ExpireAccessTokens() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, t := range f.access {
		t.expires = f.now().Add(-time.Second)
	}
}

// Memos returns the memos accepted so far.
func (f *Fake) Memos() []SentMemo {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]SentMemo(nil), f.memos...)
}

// RefreshTokenCount returns how many refresh tokens are alive (rotation kills the old one).
func (f *Fake) RefreshTokenCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, t := range f.refresh {
		if t.expires.After(f.now()) {
			n++
		}
	}
	return n
}

// ServeHTTP routes the fake's endpoints.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/authorize" && r.Method == http.MethodGet {
		f.authorize(w, r)
		return
	}
	if status, delay := f.injected(); delay > 0 || status != 0 {
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		if status != 0 {
			writeJSON(w, status, map[string]any{"msg": "injected failure", "code": -1})
			return
		}
	}
	switch {
	case r.URL.Path == "/oauth/token" && r.Method == http.MethodPost:
		f.token(w, r)
	case r.URL.Path == "/v2/api/talk/memo/default/send" && r.Method == http.MethodPost:
		f.memo(w, r)
	case r.URL.Path == "/v1/user/access_token_info" && r.Method == http.MethodGet:
		f.tokenInfo(w, r)
	case (r.URL.Path == "/v1/user/logout" || r.URL.Path == "/v1/user/unlink") && r.Method == http.MethodPost:
		f.logout(w, r)
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"msg": "no such API", "code": -9})
	}
}

func (f *Fake) injected() (int, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var status int
	var delay time.Duration
	if len(f.failures) > 0 {
		status, f.failures = f.failures[0], f.failures[1:]
	}
	if len(f.delays) > 0 {
		delay, f.delays = f.delays[0], f.delays[1:]
	}
	return status, delay
}
