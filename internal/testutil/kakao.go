package testutil

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
)

// Clock is a test clock that moves only when told; it starts at the real time.
type Clock struct{ offset atomic.Int64 }

// Now is the clock's time.
func (c *Clock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// FakeKakao serves the fake Kakao on loopback, reading time from clock, and points cfg's
// Kakao settings at it. The contact limits are turned off, so tests can send freely.
func FakeKakao(t testing.TB, cfg *config.Config, clock *Clock) *kakaofake.Fake {
	t.Helper()
	redirect := cfg.BaseURL.String() + "/admin/kakao/callback"
	fake := kakaofake.New("rest-key", "client-secret", redirect).WithClock(clock.Now)
	ts := httptest.NewServer(fake)
	t.Cleanup(ts.Close)
	cfg.Kakao = config.KakaoConfig{RestAPIKey: "rest-key", ClientSecret: "client-secret", RedirectURI: redirect, AuthURL: ts.URL, APIURL: ts.URL}
	cfg.ContactPerIP, cfg.ContactPerCard = config.Rate{}, config.Rate{}
	return fake
}

// Authorize visits a Kakao consent URL as a browser would and returns where Kakao sends
// the browser back (the callback with its code and state).
func Authorize(t testing.TB, location string) *url.URL {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(location)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %d", resp.StatusCode)
	}
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return back
}
