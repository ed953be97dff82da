// Package kakaofake is a faithful stand-in for Kakao's OAuth and talk-memo APIs
// (KAKAO.md): single-use codes, the redirect URI check, token lifetimes, refresh-token
// rotation in the last month, rate limits, the API's error codes, and injected failures.
// Tests use it in-process; "sitecard kakao-fake" serves it for local demos.
package kakaofake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Lifetimes and limits from KAKAO.md.
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
	mu           sync.Mutex
	clientID     string
	clientSecret string
	redirects    []string
	now          func() time.Time

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

// authorize shows no page: the fake user consents at once (or cancels, with Deny).
func (f *Fake) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	defer f.mu.Unlock()
	// These errors show Kakao's own page and never redirect (KAKAO.md §1).
	if q.Get("client_id") != f.clientID {
		http.Error(w, "KOE101: invalid client_id", http.StatusBadRequest)
		return
	}
	redirect := q.Get("redirect_uri")
	if !slices.Contains(f.redirects, redirect) {
		http.Error(w, "KOE006: redirect_uri is not registered", http.StatusBadRequest)
		return
	}
	if q.Get("response_type") != "code" {
		http.Error(w, "KOE003: response_type must be code", http.StatusBadRequest)
		return
	}
	back, _ := url.Parse(redirect)
	v := url.Values{}
	if s := q.Get("state"); s != "" {
		v.Set("state", s)
	}
	if f.deny {
		v.Set("error", "access_denied")
		v.Set("error_description", "User denied access")
	} else {
		c := randomToken(20)
		var scopes []string
		for _, s := range strings.Split(q.Get("scope"), ",") {
			if s = strings.TrimSpace(s); s != "" {
				scopes = append(scopes, s)
			}
		}
		f.codes[c] = &code{user: f.user, redirect: redirect, scopes: scopes, expires: f.now().Add(CodeLifetime)}
		v.Set("code", c)
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func oauthError(w http.ResponseWriter, status int, name, code, desc string) {
	writeJSON(w, status, map[string]any{"error": name, "error_description": desc, "error_code": code})
}

func (f *Fake) token(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := r.BasicAuth(); ok {
		oauthError(w, 401, "invalid_client", "KOE101", "Not exist client_id [null]")
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		oauthError(w, 400, "invalid_request", "KOE002", "content type must be form")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, 400, "invalid_request", "KOE002", "bad form")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.PostForm.Get("client_id") != f.clientID {
		oauthError(w, 401, "invalid_client", "KOE101", "Not exist client_id ["+r.PostForm.Get("client_id")+"]")
		return
	}
	if f.clientSecret != "" && r.PostForm.Get("client_secret") != f.clientSecret {
		oauthError(w, 401, "invalid_client", "KOE010", "Bad client credentials")
		return
	}
	now := f.now()
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		c, ok := f.codes[r.PostForm.Get("code")]
		if !ok || c.used || now.After(c.expires) {
			oauthError(w, 400, "invalid_grant", "KOE320", "authorization code not found for code="+r.PostForm.Get("code"))
			return
		}
		if r.PostForm.Get("redirect_uri") != c.redirect {
			oauthError(w, 400, "invalid_grant", "KOE303", "Redirect URI mismatch.")
			return
		}
		c.used = true
		u := f.userOf(c.user)
		if !allow(&u.issues, now, 10*time.Minute, IssuesPer10Min) {
			oauthError(w, 429, "invalid_request", "KOE237", "token request rate limit exceeded")
			return
		}
		at, rt := randomToken(27), randomToken(27)
		f.access[at] = &token{user: c.user, scopes: c.scopes, expires: now.Add(AccessLifetime)}
		f.refresh[rt] = &token{user: c.user, scopes: c.scopes, expires: now.Add(RefreshLifetime)}
		writeJSON(w, 200, map[string]any{"token_type": "bearer", "access_token": at, "expires_in": int(AccessLifetime.Seconds()),
			"refresh_token": rt, "refresh_token_expires_in": int(RefreshLifetime.Seconds()), "scope": strings.Join(c.scopes, " ")})
	case "refresh_token":
		old := r.PostForm.Get("refresh_token")
		if old == "" {
			oauthError(w, 400, "invalid_grant", "KOE319", "refresh_token is missing")
			return
		}
		rt, ok := f.refresh[old]
		if !ok || now.After(rt.expires) {
			oauthError(w, 400, "invalid_grant", "KOE322", "expired or invalid refresh token")
			return
		}
		u := f.userOf(rt.user)
		if !allow(&u.refreshes, now, time.Hour, RefreshesPerHr) {
			oauthError(w, 429, "invalid_request", "KOE237", "token request rate limit exceeded")
			return
		}
		at := randomToken(27)
		f.access[at] = &token{user: rt.user, scopes: rt.scopes, expires: now.Add(AccessLifetime)}
		resp := map[string]any{"token_type": "bearer", "access_token": at, "expires_in": int(AccessLifetime.Seconds())}
		if rt.expires.Sub(now) < RotationWindow {
			// A new refresh token, and the old one stops working (KAKAO.md §3).
			delete(f.refresh, old)
			nrt := randomToken(27)
			f.refresh[nrt] = &token{user: rt.user, scopes: rt.scopes, expires: now.Add(RefreshLifetime)}
			resp["refresh_token"] = nrt
			resp["refresh_token_expires_in"] = int(RefreshLifetime.Seconds())
		}
		writeJSON(w, 200, resp)
	default:
		oauthError(w, 400, "unsupported_grant_type", "KOE004", "grant_type is not supported")
	}
}

func (f *Fake) userOf(id int64) *user {
	u, ok := f.users[id]
	if !ok {
		u = &user{}
		f.users[id] = u
	}
	return u
}

// allow records an event and reports whether it stays within limit per window.
func allow(events *[]time.Time, now time.Time, window time.Duration, limit int) bool {
	kept := (*events)[:0]
	for _, t := range *events {
		if now.Sub(t) < window {
			kept = append(kept, t)
		}
	}
	*events = kept
	if len(kept) >= limit {
		return false
	}
	*events = append(*events, now)
	return true
}

// bearer resolves the access token or writes -401.
func (f *Fake) bearer(w http.ResponseWriter, r *http.Request) (*token, bool) {
	auth := r.Header.Get("Authorization")
	t, ok := f.access[strings.TrimPrefix(auth, "Bearer ")]
	if !strings.HasPrefix(auth, "Bearer ") || !ok {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, 401, map[string]any{"msg": "this access token does not exist", "code": -401})
		return nil, false
	}
	if f.now().After(t.expires) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, 401, map[string]any{"msg": "this access token is already expired", "code": -401})
		return nil, false
	}
	return t, true
}

func (f *Fake) memo(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	// A wrong content type gives a misleading -401 at Kakao; the fake does the same.
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		writeJSON(w, 401, map[string]any{"msg": "this access token does not exist", "code": -401})
		return
	}
	t, ok := f.bearer(w, r)
	if !ok {
		return
	}
	if f.noTalkConsent {
		writeJSON(w, 403, map[string]any{"msg": "app does not have the talk_message consent item enabled", "code": -3})
		return
	}
	if !slices.Contains(t.scopes, "talk_message") {
		writeJSON(w, 403, map[string]any{"msg": "insufficient scopes.", "code": -402, "api_type": "TALK_MEMO_DEFAULT_SEND",
			"required_scopes": []string{"talk_message"}, "allowed_scopes": t.scopes})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, 400, map[string]any{"msg": "bad form", "code": -2})
		return
	}
	var tpl map[string]any
	if err := json.Unmarshal([]byte(r.PostForm.Get("template_object")), &tpl); err != nil {
		writeJSON(w, 400, map[string]any{"msg": "template_object is not valid JSON", "code": -2})
		return
	}
	text, _ := tpl["text"].(string)
	link, _ := tpl["link"].(map[string]any)
	if tpl["object_type"] != "text" || text == "" || link == nil {
		writeJSON(w, 400, map[string]any{"msg": "object_type, text and link are required", "code": -2})
		return
	}
	// Kakao does not document what happens past 200 characters; the fake refuses, so a
	// client that sends more is caught.
	if n := len([]rune(text)); n > 200 {
		writeJSON(w, 400, map[string]any{"msg": "text is longer than 200 characters", "code": -2})
		return
	}
	u := f.userOf(t.user)
	day := f.now().Format("2006-01-02")
	if u.memoDay != day {
		u.memoDay, u.memoCount = day, 0
	}
	if u.memoCount >= f.quota {
		writeJSON(w, 400, map[string]any{"msg": "API limit has been exceeded.", "code": -10})
		return
	}
	u.memoCount++
	f.memos = append(f.memos, SentMemo{UserID: t.user, Template: tpl, Text: text, At: f.now()})
	writeJSON(w, 200, map[string]any{"result_code": 0})
}

func (f *Fake) tokenInfo(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.bearer(w, r)
	if !ok {
		return
	}
	writeJSON(w, 200, map[string]any{"id": t.user, "expires_in": int(t.expires.Sub(f.now()).Seconds()), "app_id": 1234})
}

func (f *Fake) logout(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.bearer(w, r)
	if !ok {
		return
	}
	f.revoke(t.user)
	writeJSON(w, 200, map[string]any{"id": t.user})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck
}

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck
	return hex.EncodeToString(b)[:n*2-n/2]
}
