package handlers_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/models"
)

// provider starts a real OpenID provider for the test. A site that calls itself
// "other-app" is let through its client check, so that it receives ID tokens made out
// to the provider's own client ID: the wrong audience.
func provider(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	p, _ := providerCounting(t)
	return p
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// providerCounting is provider, with a count of the tokens it issued.
func providerCounting(t *testing.T) (*mockoidc.MockOIDC, *atomic.Int64) {
	t.Helper()
	issued := &atomic.Int64{}
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ParseForm() == nil && r.Form.Get("client_id") == "other-app" {
				for _, f := range []url.Values{r.PostForm, r.Form} {
					if f.Has("client_id") {
						f.Set("client_id", m.ClientID)
					}
					if f.Has("client_secret") {
						f.Set("client_secret", m.ClientSecret)
					}
				}
			}
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			if r.URL.Path == mockoidc.TokenEndpoint && sw.status == http.StatusOK {
				issued.Add(1)
			}
		})
	}); err != nil {
		t.Fatal(err)
	}
	ln, err := netListen(t)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() }) //nolint:errcheck
	return m, issued
}

// ssoSite is the fixture with single sign-on at provider m; clientID "" is the provider's.
func ssoSite(t *testing.T, cfg *config.Config, m *mockoidc.MockOIDC, clientID string, opts ...server.Option) *fixture {
	t.Helper()
	if clientID == "" {
		clientID = m.ClientID
	}
	cfg.SignIn.OIDC = config.OIDCConfig{Issuer: m.Issuer(), ClientID: clientID, ClientSecret: m.ClientSecret,
		AllowedDomains: []string{"example.com"}, NewMemberRole: "member"}
	return newFixtureWith(t, cfg, opts...)
}

// toProvider starts a sign-in and follows the provider's answer as a browser would; it
// returns the callback (path and query) the provider sends the browser back to.
func toProvider(t *testing.T, c *client, m *mockoidc.MockOIDC, user *mockoidc.MockUser) string {
	t.Helper()
	r := c.get("/login/oidc")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), m.AuthorizationEndpoint()) {
		t.Fatalf("start: %d %s", r.status, r.header.Get("Location"))
	}
	auth, _ := url.Parse(r.header.Get("Location"))
	q := auth.Query()
	for _, p := range []string{"state", "nonce", "code_challenge"} {
		if q.Get(p) == "" {
			t.Fatalf("the authorization request has no %s: %s", p, auth)
		}
	}
	if q.Get("code_challenge_method") != "S256" {
		t.Errorf("PKCE method %q, want S256", q.Get("code_challenge_method"))
	}
	m.QueueUser(user)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(auth.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Path != "/login/oidc/callback" {
		t.Fatalf("the provider answered %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back.RequestURI()
}

func dana() *mockoidc.MockUser {
	return &mockoidc.MockUser{Subject: "sub-dana", Email: "dana@example.com", EmailVerified: true, PreferredUsername: "dana"}
}

// A good sign-in makes a new member of an allowed domain, linked by issuer and subject;
// the same account signs in again as the same member; the callback replayed is refused.
func TestSSOSignIn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		m := provider(t)
		f := ssoSite(t, cfg, m, "")
		c := newClient(t, f.srv)
		c.get("/login")
		callback := toProvider(t, c, m, dana())
		r := c.get(callback)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin" {
			t.Fatalf("callback: %d %s %.300s", r.status, r.header.Get("Location"), r.body)
		}
		if p := c.get("/admin"); p.status != http.StatusOK || !strings.Contains(p.body, "(dana)") {
			t.Fatalf("signed in as dana: %d", p.status)
		}
		member, err := models.MemberByLogin(context.Background(), f.srv.DB, "dana")
		if err != nil || member.Role != models.RoleMember || member.Email != "dana@example.com" {
			t.Fatalf("the new member: %+v %v", member, err)
		}

		// The same callback again, on this browser or another: the state is spent.
		if r := c.get(callback); r.status != http.StatusBadRequest {
			t.Errorf("the callback replayed: %d", r.status)
		}
		if r := newClient(t, f.srv).get(callback); r.status != http.StatusBadRequest {
			t.Errorf("the callback in another browser: %d", r.status)
		}

		// Dana again, with a changed address: the same member, by subject.
		again := newClient(t, f.srv)
		u := dana()
		u.Email = "dana.k@example.com"
		if r := again.get(toProvider(t, again, m, u)); r.status != http.StatusSeeOther {
			t.Fatalf("second sign-in: %d", r.status)
		}
		if p := again.get("/admin"); !strings.Contains(p.body, "(dana)") {
			t.Error("the second sign-in is not dana")
		}
	})
}

// An address alone never links: an account at the provider with alice's address is a
// new member, not alice. A domain not allowed makes nobody.
func TestSSONeverLinksByEmailAndChecksTheDomain(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		m := provider(t)
		f := ssoSite(t, cfg, m, "")
		ctx := context.Background()
		if err := models.UpdateMemberProfile(ctx, f.srv.DB, f.aliceID, "alice", "alice@example.com", time.Now()); err != nil {
			t.Fatal(err)
		}
		c := newClient(t, f.srv)
		r := c.get(toProvider(t, c, m, &mockoidc.MockUser{Subject: "someone-else", Email: "alice@example.com", EmailVerified: true, PreferredUsername: "alice"}))
		if r.status != http.StatusSeeOther {
			t.Fatalf("callback: %d", r.status)
		}
		if p := c.get("/admin"); strings.Contains(p.body, "(alice)") || !strings.Contains(p.body, "(alice-2)") {
			t.Error("a provider's account with alice's address signed in as alice")
		}

		n, _ := models.CountMembers(ctx, f.srv.DB)
		eve := newClient(t, f.srv)
		if r := eve.get(toProvider(t, eve, m, &mockoidc.MockUser{Subject: "sub-eve", Email: "eve@evil.test", EmailVerified: true})); r.status != http.StatusForbidden {
			t.Errorf("a domain not allowed: %d", r.status)
		}
		unverified := newClient(t, f.srv)
		if r := unverified.get(toProvider(t, unverified, m, &mockoidc.MockUser{Subject: "sub-u", Email: "u@example.com", EmailVerified: false})); r.status != http.StatusForbidden {
			t.Errorf("an unverified address: %d", r.status)
		}
		if after, _ := models.CountMembers(ctx, f.srv.DB); after != n {
			t.Errorf("refused sign-ins made %d members", after-n)
		}
		if r := eve.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("eve got in: %d", r.status)
		}
	})
}

// An ID token for another client (the wrong audience) and an expired one are refused.
func TestSSORefusesWrongAudienceAndExpiredTokens(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		m, issued := providerCounting(t)
		other := ssoSite(t, cfg, m, "other-app")
		c := newClient(t, other.srv)
		if r := c.get(toProvider(t, c, m, dana())); r.status != http.StatusBadRequest {
			t.Errorf("a token for another audience: %d", r.status)
		}
		if issued.Load() != 1 {
			t.Fatalf("the provider issued %d tokens: the refusal was not the audience's", issued.Load())
		}
		if r := c.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("signed in with the wrong audience: %d", r.status)
		}

		clock := &testutil.Clock{}
		cfg2 := testutil.Config(t, "sqlite://"+t.TempDir()+"/t2.db")
		if cfg.Dialect != config.SQLite {
			cfg2 = testutil.Config(t, testutil.MariaDB(t))
		}
		late := ssoSite(t, cfg2, m, "", server.WithClock(clock.Now))
		lc := newClient(t, late.srv)
		callback := toProvider(t, lc, m, dana())
		clock.Advance(time.Hour) // the provider's ID tokens live ten minutes
		if r := lc.get(callback); r.status != http.StatusBadRequest {
			t.Errorf("an expired token: %d", r.status)
		}
		if issued.Load() != 2 {
			t.Errorf("the provider issued %d tokens: the refusal was not the expiry's", issued.Load())
		}
	})
}

func netListen(t *testing.T) (net.Listener, error) {
	t.Helper()
	return net.Listen("tcp", "127.0.0.1:0")
}

// Each start keeps a flow in a session row: one client address starts at most 30 in 15
// minutes, whatever its cookies.
func TestSSOStartsThrottled(t *testing.T) {
	m := provider(t)
	f := ssoSite(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"), m, "")
	var statuses []int
	for range 31 {
		statuses = append(statuses, newClient(t, f.srv).get("/login/oidc").status)
	}
	for i, s := range statuses[:30] {
		if s != http.StatusSeeOther {
			t.Fatalf("start %d: %d", i+1, s)
		}
	}
	if statuses[30] != http.StatusTooManyRequests {
		t.Errorf("the 31st start: %d, want 429", statuses[30])
	}
}
