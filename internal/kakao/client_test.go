package kakao_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"sitecard/internal/kakao"
	"sitecard/internal/kakao/kakaofake"
)

const redirect = "http://localhost:8000/admin/kakao/callback"

type env struct {
	fake   *kakaofake.Fake
	client *kakao.Client
	url    string
	now    time.Time
}

func setup(t *testing.T, secret string) *env {
	t.Helper()
	e := &env{now: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	e.fake = kakaofake.New("key", "secret", redirect).WithClock(func() time.Time { return e.now })
	ts := httptest.NewServer(e.fake)
	t.Cleanup(ts.Close)
	e.url = ts.URL
	e.client = kakao.New(kakao.Config{RestAPIKey: "key", ClientSecret: secret, RedirectURI: redirect, AuthURL: ts.URL, APIURL: ts.URL})
	return e
}

// code walks the consent screen and returns the authorization code.
func (e *env) code(t *testing.T, scope string) string {
	t.Helper()
	u := e.client.AuthorizeURL("st")
	if scope != "talk_message" {
		u = strings.Replace(u, "scope=talk_message", "scope="+scope, 1)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))
	if back.Query().Get("state") != "st" || back.Query().Get("code") == "" {
		t.Fatalf("authorize redirect: %s", back)
	}
	return back.Query().Get("code")
}

func kerr(t *testing.T, err error) *kakao.Error {
	t.Helper()
	var ke *kakao.Error
	if !errors.As(err, &ke) {
		t.Fatalf("want a kakao.Error, got %v", err)
	}
	return ke
}

func TestOAuthRules(t *testing.T) {
	ctx := context.Background()
	e := setup(t, "secret")
	code := e.code(t, "talk_message")
	tok, err := e.client.Exchange(ctx, code)
	if err != nil || tok.ExpiresIn != 21599 || tok.RefreshTokenExpiresIn != 5183999 || tok.Scope != "talk_message" {
		t.Fatalf("exchange: %+v %v", tok, err)
	}
	// A code works once.
	if ke := kerr(t, func() error { _, err := e.client.Exchange(ctx, code); return err }()); ke.Code != "KOE320" || ke.Class != kakao.Reconnect {
		t.Errorf("reused code: %+v", ke)
	}
	// The redirect URI must match the one the code was issued for.
	other := kakao.New(kakao.Config{RestAPIKey: "key", ClientSecret: "secret", RedirectURI: "http://elsewhere/cb", AuthURL: e.url, APIURL: e.url})
	if ke := kerr(t, func() error { _, err := other.Exchange(ctx, e.code(t, "talk_message")); return err }()); ke.Code != "KOE303" {
		t.Errorf("redirect mismatch: %+v", ke)
	}
	// The client secret is checked.
	noSecret := kakao.New(kakao.Config{RestAPIKey: "key", RedirectURI: redirect, AuthURL: e.url, APIURL: e.url})
	if ke := kerr(t, func() error { _, err := noSecret.Exchange(ctx, e.code(t, "talk_message")); return err }()); ke.Code != "KOE010" || ke.Status != 401 {
		t.Errorf("missing secret: %+v", ke)
	}
	// Codes expire after about ten minutes.
	late := e.code(t, "talk_message")
	e.now = e.now.Add(11 * time.Minute)
	if ke := kerr(t, func() error { _, err := e.client.Exchange(ctx, late); return err }()); ke.Code != "KOE320" {
		t.Errorf("expired code: %+v", ke)
	}
	// Refresh: no rotation while more than a month is left.
	r, err := e.client.Refresh(ctx, tok.RefreshToken)
	if err != nil || r.RefreshToken != "" {
		t.Fatalf("early refresh: %+v %v", r, err)
	}
	// In the last month a new refresh token comes, and the old one dies.
	e.now = e.now.Add(31 * 24 * time.Hour)
	r, err = e.client.Refresh(ctx, tok.RefreshToken)
	if err != nil || r.RefreshToken == "" || r.RefreshTokenExpiresIn != 5183999 {
		t.Fatalf("late refresh: %+v %v", r, err)
	}
	if ke := kerr(t, func() error { _, err := e.client.Refresh(ctx, tok.RefreshToken); return err }()); ke.Code != "KOE322" || ke.Class != kakao.Reconnect {
		t.Errorf("rotated-out refresh token: %+v", ke)
	}
	// Too many refreshes in an hour: KOE237, a transient error.
	var last error
	for range 31 {
		_, last = e.client.Refresh(ctx, r.RefreshToken)
	}
	if ke := kerr(t, last); ke.Code != "KOE237" || ke.Class != kakao.Transient {
		t.Errorf("31st refresh in an hour: %+v", ke)
	}
}

func TestMemoRules(t *testing.T) {
	ctx := context.Background()
	e := setup(t, "secret")
	tok, err := e.client.Exchange(ctx, e.code(t, "talk_message"))
	if err != nil {
		t.Fatal(err)
	}
	memo := kakao.NewMemo("a", "a@b.co", "hi", "https://x.example/admin/messages/1")
	if err := e.client.SendMemo(ctx, tok.AccessToken, memo); err != nil {
		t.Fatal(err)
	}
	if left, err := e.client.TokenInfo(ctx, tok.AccessToken); err != nil || left != 21599 {
		t.Errorf("token info: %d %v", left, err)
	}
	// Text over 200 characters is refused by the fake (-2), so it never slips through.
	long := memo
	long.Text = strings.Repeat("가", 201)
	if ke := kerr(t, e.client.SendMemo(ctx, tok.AccessToken, long)); ke.Code != "-2" || ke.Class != kakao.Permanent {
		t.Errorf("long text: %+v", ke)
	}
	// Expired access token: -401, refresh and resend.
	e.now = e.now.Add(7 * time.Hour)
	if ke := kerr(t, e.client.SendMemo(ctx, tok.AccessToken, memo)); ke.Code != "-401" || ke.Class != kakao.Unauthorized {
		t.Errorf("expired token: %+v", ke)
	}
	r, err := e.client.Refresh(ctx, tok.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.client.SendMemo(ctx, r.AccessToken, memo); err != nil {
		t.Fatalf("after refresh: %v", err)
	}
	// The app's consent item off: -3, reconnect-class.
	e.fake.DisableTalkConsent(true)
	if ke := kerr(t, e.client.SendMemo(ctx, r.AccessToken, memo)); ke.Code != "-3" || ke.Class != kakao.Reconnect {
		t.Errorf("consent off: %+v", ke)
	}
	e.fake.DisableTalkConsent(false)
	// Injected 5xx and quota are transient.
	e.fake.FailNext(503, 1)
	if ke := kerr(t, e.client.SendMemo(ctx, r.AccessToken, memo)); ke.Status != 503 || ke.Class != kakao.Transient {
		t.Errorf("503: %+v", ke)
	}
	e.fake.SetDailyQuota(2)
	if ke := kerr(t, e.client.SendMemo(ctx, r.AccessToken, memo)); ke.Code != "-10" || ke.Class != kakao.Transient {
		t.Errorf("quota: %+v", ke)
	}
	// Logout revokes the tokens.
	if err := e.client.Logout(ctx, r.AccessToken); err != nil {
		t.Fatal(err)
	}
	if ke := kerr(t, e.client.SendMemo(ctx, r.AccessToken, memo)); ke.Code != "-401" {
		t.Errorf("after logout: %+v", ke)
	}
	// A token without the talk_message scope: -402.
	e.now = e.now.Add(24 * time.Hour)
	noScope, err := e.client.Exchange(ctx, e.code(t, "profile_nickname"))
	if err != nil {
		t.Fatal(err)
	}
	if ke := kerr(t, e.client.SendMemo(ctx, noScope.AccessToken, memo)); ke.Code != "-402" || ke.Class != kakao.Reconnect {
		t.Errorf("no scope: %+v", ke)
	}
}

// "sitecard kakao-fake" logs every memo it accepts, as the README promises.
func TestFakeLogsEachMemo(t *testing.T) {
	ctx := context.Background()
	e := setup(t, "secret")
	var logged bytes.Buffer
	e.fake.WithLogger(slog.New(slog.NewTextHandler(&logged, nil)))
	tok, err := e.client.Exchange(ctx, e.code(t, "talk_message"))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.client.SendMemo(ctx, tok.AccessToken, kakao.NewMemo("방문자", "v@example.com", "안녕하세요", "https://x.example/admin/messages/1")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), "memo received") || !strings.Contains(logged.String(), "안녕하세요") {
		t.Errorf("the fake logged %q", logged.String())
	}
}
