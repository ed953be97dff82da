package kakaofake

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The OAuth host: the consent screen and the token endpoint (docs/kakao.md, "Authorization" and "Tokens").

// authorize shows no page: the fake user consents at once (or cancels, with Deny).
func (f *Fake) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f.mu.Lock()
	defer f.mu.Unlock()
	// These errors show Kakao's own page and never redirect (docs/kakao.md §1).
	if q.Get("client_id") != f.clientID {
		http.Error(w, "KOE101: invalid client_id", http.StatusBadRequest)
		return
	}
	redirect := q.Get("redirect_uri")
	if !f.registered(redirect) {
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
			// A new refresh token, and the old one stops working (docs/kakao.md §3).
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
