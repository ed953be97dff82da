package kakaofake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// The API host: talk memos and the token calls (docs/kakao.md, "Send to me").

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
	if f.log != nil {
		f.log.Info("memo received", "user", t.user, "text", text)
	}
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
