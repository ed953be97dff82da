package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"sitecard/handlers"
	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

func countSessions(t *testing.T, f *fixture) int {
	t.Helper()
	n, err := f.srv.DB.NewSelect().Table("sessions").Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// Visitors who only look at a form, or at the sign-in page, leave no session row.
func TestNoSessionRowForCookielessRequests(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		for range 50 {
			for _, p := range []string{"/login", "/admin/kakao", "/c/alice/contact"} {
				newClient(t, f.srv).get(p)
			}
		}
		if n := countSessions(t, f); n != 0 {
			t.Errorf("%d session rows after 150 cookieless requests", n)
		}
	})
}

// The CSRF token changes at sign-in and sign-out, and never comes from the query string.
func TestCSRFTokenRotatesAndStaysOutOfURLs(t *testing.T) {
	t.Parallel()
	members := aloneMembers()
	c := newClient(t, alone(t, dashboardDeps(handlers.Deps{Members: members})))
	c.get("/login")
	before := c.csrf
	c.signIn("alice", "alice-pass-1", "/admin")
	if c.csrf == before {
		t.Error("the CSRF token survived the sign-in")
	}
	if r := c.post("/admin/account", url.Values{"display_name": {"A"}, "_csrf": {before}}); r.status != http.StatusForbidden {
		t.Errorf("the token from before the sign-in still works: %d", r.status)
	}
	signedIn := c.csrf
	if r := c.post("/admin/account?_csrf="+url.QueryEscape(signedIn), url.Values{"display_name": {"A"}, "_csrf": {""}}); r.status != http.StatusForbidden {
		t.Errorf("a token in the query string was accepted: %d", r.status)
	}
	if n := members.updates(); n != 0 {
		t.Errorf("refused forms reached the service %d times", n)
	}
	c.post("/logout", nil)
	c.get("/login")
	if c.csrf == signedIn {
		t.Error("the CSRF token survived the sign-out")
	}
}

// A password change ends the member's other sessions; disabling ends all of them, and
// enabling again revives none.
func TestPasswordChangeAndDisablingEndSessions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		phone, laptop := newClient(t, f.srv), newClient(t, f.srv)
		phone.login("alice", "alice-pass-1")
		laptop.login("alice", "alice-pass-1")
		if r := laptop.post("/admin/account/password", url.Values{"current": {"alice-pass-1"}, "password": {"alice-pass-2"}}); r.status != http.StatusSeeOther {
			t.Fatalf("password change: %d", r.status)
		}
		if r := laptop.get("/admin"); r.status != 200 {
			t.Errorf("the session that changed the password ended: %d", r.status)
		}
		if r := phone.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("another session outlived the password change: %d", r.status)
		}
		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword)
		admin.post("/admin/members/"+itoa(f.aliceID)+"/disable", nil)
		if r := laptop.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("a disabled member's session goes on: %d", r.status)
		}
		admin.post("/admin/members/"+itoa(f.aliceID)+"/enable", nil)
		if r := laptop.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("enabling revived an old session: %d", r.status)
		}
	})
}

// Twenty wrong passwords at once for one login from one address: five reach the password
// check and are told it is wrong, the rest are throttled, on both databases.
func TestLoginThrottleHoldsUnderABurst(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		clients := make([]*client, 20)
		for i := range clients {
			clients[i] = newClient(t, f.srv)
			clients[i].get("/login")
		}
		statuses := atOnce(clients, func(c *client) int {
			return c.post("/login", url.Values{"login": {"alice"}, "password": {"wrong-password"}}).status
		})
		if wrong, throttled := statuses[http.StatusUnprocessableEntity], statuses[http.StatusTooManyRequests]; wrong != 5 || throttled != 15 {
			t.Errorf("statuses %v: want five wrong-password answers and fifteen throttled", statuses)
		}
		if r := clients[0].post("/login", url.Values{"login": {"alice"}, "password": {"alice-pass-1"}}); r.status != http.StatusTooManyRequests {
			t.Errorf("the right password within the window: %d, want 429", r.status)
		}
	})
}
