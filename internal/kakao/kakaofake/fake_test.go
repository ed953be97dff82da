package kakaofake_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"sitecard/internal/kakao/kakaofake"
)

// The fake a developer runs (`sitecard kakao-fake`) takes the site back to any port of
// this machine; the strict fake, as Kakao does, only to the registered redirect URI.
func TestLocalRedirectsOnAnyPort(t *testing.T) {
	registered := "http://localhost:8000/admin/kakao/callback"
	for _, tc := range []struct {
		local    bool
		redirect string
		want     int
	}{
		{false, registered, http.StatusFound},
		{false, "http://localhost:9000/admin/kakao/callback", http.StatusBadRequest},
		{true, "http://localhost:9000/admin/kakao/callback", http.StatusFound},
		{true, "http://127.0.0.1:18080/admin/kakao/callback", http.StatusFound},
		{true, "http://[::1]:8443/admin/kakao/callback", http.StatusFound},
		{true, "https://evil.example/admin/kakao/callback", http.StatusBadRequest},
		{true, "http://localhost.evil.example/cb", http.StatusBadRequest},
	} {
		f := kakaofake.New("key", "", registered)
		if tc.local {
			f.WithLocalRedirects()
		}
		q := url.Values{"client_id": {"key"}, "redirect_uri": {tc.redirect}, "response_type": {"code"}, "state": {"s"}}
		w := httptest.NewRecorder()
		f.ServeHTTP(w, httptest.NewRequest("GET", "/oauth/authorize?"+q.Encode(), nil))
		if w.Code != tc.want {
			t.Errorf("local %v, %s: %d, want %d (%s)", tc.local, tc.redirect, w.Code, tc.want, w.Body)
		}
		if tc.want == http.StatusFound && !strings.HasPrefix(w.Header().Get("Location"), tc.redirect+"?") {
			t.Errorf("%s: sent back to %q", tc.redirect, w.Header().Get("Location"))
		}
		if tc.want == http.StatusBadRequest && !strings.Contains(w.Body.String(), "KOE006") {
			t.Errorf("%s: %s", tc.redirect, w.Body)
		}
	}
}
