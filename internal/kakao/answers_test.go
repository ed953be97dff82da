package kakao_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"sitecard/internal/kakao"
)

// Issue 24 §5: what Kakao's token endpoint answers is read within bounds and checked:
// a 200 without an access token, or one far larger than any token answer, is an error
// the owner sees as a failed connection, never a token stored empty or a body read
// whole into memory.
func TestTokenAnswersAreCheckedAndBounded(t *testing.T) {
	for name, body := range map[string]string{
		"no access token": `{"token_type":"bearer","refresh_token":"r","expires_in":21599}`,
		"an empty token":  `{"token_type":"bearer","access_token":"","expires_in":21599}`,
		// A valid token after 3 MB of white space: only a reader without a bound gets to it.
		"larger than any answer": `{"token_type":"bearer",` + strings.Repeat(" ", 3<<20) + `"access_token":"a","expires_in":21599}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(body)) //nolint:errcheck // the test's own server
			}))
			t.Cleanup(srv.Close)
			c := kakao.New(kakao.Config{RestAPIKey: "key", RedirectURI: redirect, AuthURL: srv.URL, APIURL: srv.URL})
			tok, err := c.Exchange(context.Background(), "code")
			if err == nil {
				t.Fatalf("accepted as a token: %+v", tok)
			}
			kerr(t, err)
		})
	}
}
