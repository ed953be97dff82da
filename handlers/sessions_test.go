package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

const (
	iPhoneSafari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
	linuxFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
)

var endForm = regexp.MustCompile(`action="/admin/account/sessions/([0-9a-f]{32})/end"`)

// loginFrom signs in with a browser's User-Agent.
func (c *client) loginFrom(login, password, userAgent string) {
	c.t.Helper()
	c.get("/login", "User-Agent", userAgent)
	r := c.post("/login", url.Values{"login": {login}, "password": {password}, "next": {"/admin"}}, "User-Agent", userAgent)
	if r.status != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, body %.300s", login, r.status, r.body)
	}
	c.get("/admin")
}

// The account page lists the member's sessions by device; one signed out from the list
// is refused on the next request, on another instance too; another member cannot end it.
func TestSessionsListedAndSignedOut(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		phone, laptop := newClient(t, f.srv), newClient(t, f.srv)
		phone.loginFrom("alice", "alice-pass-1", iPhoneSafari)
		laptop.loginFrom("alice", "alice-pass-1", linuxFirefox)
		page := laptop.get("/admin/account")
		mustContain(t, "account", page.body, "Safari · iOS", "Firefox · Linux <strong>(지금 이 기기)</strong>", "다른 모든 기기에서 로그아웃")
		refs := endForm.FindAllStringSubmatch(page.body, -1)
		if len(refs) != 1 {
			t.Fatalf("%d sign-out buttons, want one (not for this device): %v", len(refs), refs)
		}
		phoneRef := refs[0][1]

		// Bob cannot end alice's session by naming it.
		bob := newClient(t, f.srv)
		bob.login("bob", "bob-pass-1")
		if r := bob.post("/admin/account/sessions/"+phoneRef+"/end", nil); r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "ended=0") {
			t.Errorf("bob ending alice's session: %d %s", r.status, r.header.Get("Location"))
		}
		if r := phone.get("/admin"); r.status != http.StatusOK {
			t.Fatalf("bob ended alice's session: %d", r.status)
		}

		// The phone also works on a second instance; signed out from the laptop, it works
		// on neither.
		other := newClient(t, testsite.Server(t, cfg, server.WithFastPasswordHashing()))
		other.cookies = phone.cookies
		if r := other.get("/admin"); r.status != http.StatusOK {
			t.Fatalf("the session on a second instance: %d", r.status)
		}
		ended := laptop.post("/admin/account/sessions/"+phoneRef+"/end", nil)
		if ended.status != http.StatusSeeOther {
			t.Fatalf("sign out the phone: %d", ended.status)
		}
		for name, c := range map[string]*client{"this instance": phone, "another instance": other} {
			if r := c.get("/admin"); r.status != http.StatusSeeOther {
				t.Errorf("the signed-out session still works on %s: %d", name, r.status)
			}
		}
		if r := laptop.get(ended.header.Get("Location")); strings.Contains(r.body, "Safari · iOS") || !strings.Contains(r.body, "로그아웃시켰습니다") {
			t.Errorf("the account page after signing the phone out: %.2000s", r.body)
		}
	})
}

// "Sign out everywhere else" ends every other session of the member, and only theirs.
func TestSignOutEverywhereElse(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		a1, a2, a3, bob := newClient(t, f.srv), newClient(t, f.srv), newClient(t, f.srv), newClient(t, f.srv)
		a1.login("alice", "alice-pass-1")
		a2.login("alice", "alice-pass-1")
		a3.loginFrom("alice", "alice-pass-1", iPhoneSafari)
		bob.login("bob", "bob-pass-1")
		if r := a3.post("/admin/account/sessions/others/end", nil); r.status != http.StatusSeeOther {
			t.Fatalf("sign out everywhere else: %d", r.status)
		}
		for name, c := range map[string]*client{"first": a1, "second": a2} {
			if r := c.get("/admin"); r.status != http.StatusSeeOther {
				t.Errorf("alice's %s session outlived 'sign out everywhere else': %d", name, r.status)
			}
		}
		if r := a3.get("/admin/account"); r.status != http.StatusOK || len(endForm.FindAllString(r.body, -1)) != 0 {
			t.Errorf("the session that asked: %d, %d other sessions listed", r.status, len(endForm.FindAllString(r.body, -1)))
		}
		if r := bob.get("/admin"); r.status != http.StatusOK {
			t.Errorf("bob was signed out by alice: %d", r.status)
		}
	})
}

// Last seen is written at most once a minute per session, not on every request.
func TestLastSeenWrittenOnceAMinute(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := &testutil.Clock{}
		f := newFixtureWith(t, cfg, server.WithClock(clock.Now))
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		seen := func() int64 {
			t.Helper()
			var at int64
			err := f.srv.DB.NewSelect().Table("sessions").Column("seen_at").Where("member_id = ?", f.aliceID).Scan(context.Background(), &at)
			if err != nil {
				t.Fatal(err)
			}
			return at
		}
		first := seen()
		clock.Advance(40 * time.Second)
		for range 5 {
			c.get("/admin")
		}
		if got := seen(); got != first {
			t.Errorf("last seen moved %ds within the minute", got-first)
		}
		clock.Advance(30 * time.Second)
		c.get("/admin")
		if got := seen(); got-first < 70 || got-first > 71 {
			t.Errorf("after 70 s last seen moved %d s, want 70", got-first)
		}
	})
}
