package handlers_test

import (
	"context"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/mailer"
	"sitecard/internal/mailer/mailfake"
	"sitecard/internal/mailer/mailfake/mailfaketest"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

var resetLink = regexp.MustCompile(`/login/reset/[A-Za-z0-9_-]+`)

// mailFixture is the fixture with a mail relay, alice's and bob's addresses confirmed
// and carol's only typed in.
func mailFixture(t *testing.T, cfg *config.Config, opts ...server.Option) (*fixture, *mailfake.Server) {
	t.Helper()
	relay := mailfaketest.Start(t, false)
	cfg.SMTP = config.SMTPConfig{URL: relay.URL(), From: &mail.Address{Address: "card@example.com"}}
	f := newFixtureWith(t, cfg, append(opts, server.WithMailer(mailer.NewWithRoots(relay.URL(), false, relay.Roots)))...)
	ctx := context.Background()
	for id, addr := range map[int64]string{f.aliceID: "alice@example.com", f.bobID: "bob@example.com"} {
		confirmEmail(t, f, id, addr)
	}
	if err := models.UpdateMemberProfile(ctx, f.srv.DB, f.adminID, "admin", "admin@example.com", time.Now()); err != nil {
		t.Fatal(err)
	}
	return f, relay
}

// confirmEmail gives member id the address, confirmed for the email channel.
func confirmEmail(t *testing.T, f *fixture, id int64, addr string) {
	t.Helper()
	ctx := context.Background()
	if err := models.UpdateMemberProfile(ctx, f.srv.DB, id, "", addr, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := models.SaveChannel(ctx, f.srv.DB, &models.MemberChannel{MemberID: id, Channel: models.ChannelEmail, Target: addr, UpdatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// mailsTo waits (with a deadline) until n mails reached addr and returns them.
func mailsTo(t *testing.T, relay *mailfake.Server, addr string, n int) []mailfake.Mail {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got []mailfake.Mail
		for _, m := range relay.Mails() {
			if m.To == addr {
				got = append(got, m)
			}
		}
		if len(got) >= n || time.Now().After(deadline) {
			if len(got) != n {
				t.Fatalf("%d mails to %s, want %d", len(got), addr, n)
			}
			return got
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func linkIn(t *testing.T, m mailfake.Mail) string {
	t.Helper()
	link := resetLink.FindString(strings.ReplaceAll(m.Data, "=\r\n", ""))
	if link == "" {
		t.Fatalf("no reset link in %q", m.Data)
	}
	return link
}

// sentPage is the "forgot password" answer without the parts that differ per visitor.
func sentPage(body string) string {
	return regexp.MustCompile(`[A-Za-z0-9_-]{40,}`).ReplaceAllString(body, "TOKEN")
}

// Forgot password: the answer is the same for a login that exists, one that does not
// and one without a confirmed address; only the confirmed address gets a link, which
// sets a new password once, ends every session and signs nobody in.
func TestPasswordResetByEmail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f, relay := mailFixture(t, cfg)
		ctx := context.Background()
		if _, err := f.srv.Members.Create(ctx, services.Actor{ID: f.adminID, Admin: true},
			map[string]string{"login": "carol", "password": "carol-pass-1", "email": "carol@example.com"}); err != nil {
			t.Fatal(err)
		}
		phone := newClient(t, f.srv)
		phone.login("alice", "alice-pass-1")

		visitor := newClient(t, f.srv)
		var pages []string
		for _, login := range []string{"alice", "nobody", "carol"} {
			visitor.get("/login/forgot")
			r := visitor.post("/login/forgot", url.Values{"login": {login}})
			if r.status != http.StatusOK || !strings.Contains(r.body, `id="forgot-sent"`) {
				t.Fatalf("forgot %s: %d %.300s", login, r.status, r.body)
			}
			pages = append(pages, sentPage(r.body))
		}
		if pages[0] != pages[1] || pages[0] != pages[2] {
			t.Error("the answer differs between a login that exists and one that does not")
		}
		link := linkIn(t, mailsTo(t, relay, "alice@example.com", 1)[0])
		if n := len(relay.Mails()); n != 1 {
			t.Errorf("%d mails sent, want only alice's (carol's address is not confirmed)", n)
		}
		var stored int
		if err := f.srv.DB.NewSelect().Table("password_resets").ColumnExpr("COUNT(*)").
			Where("token_hash = ?", strings.TrimPrefix(link, "/login/reset/")).Scan(ctx, &stored); err != nil || stored != 0 {
			t.Errorf("the token is stored as it is (%d rows, %v)", stored, err)
		}

		// A mail scanner opening the link uses nothing.
		newClient(t, f.srv).get(link)
		browser := newClient(t, f.srv)
		page := browser.get(link)
		mustContain(t, "reset page", page.body, `id="reset-submit"`)
		if r := browser.post(link, url.Values{"password": {"short"}}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("a short password: %d", r.status)
		}
		r := browser.post(link, url.Values{"password": {"alice-new-pass"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login?done=reset" {
			t.Fatalf("reset: %d %s", r.status, r.header.Get("Location"))
		}
		if r := browser.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("the reset signed the browser in: %d", r.status)
		}
		if r := phone.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("a session from before the reset goes on: %d", r.status)
		}
		newClient(t, f.srv).login("alice", "alice-new-pass")

		// The link works once.
		again := newClient(t, f.srv)
		again.get("/login/forgot") // a CSRF token, so that the link is what is refused
		if r := again.get(link); r.status != http.StatusGone || !strings.Contains(r.body, `id="reset-expired"`) {
			t.Errorf("the used link's page: %d", r.status)
		}
		if r := again.post(link, url.Values{"password": {"attacker-pass"}}); r.status != http.StatusGone {
			t.Errorf("the link used twice: %d", r.status)
		}
		newClient(t, f.srv).login("alice", "alice-new-pass")
	})
}

// A link ends after an hour; a link changes only its own member's password, whoever
// follows it; a tampered link is refused.
func TestResetLinkExpiresAndIsBoundToItsMember(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := &testutil.Clock{}
		f, relay := mailFixture(t, cfg, server.WithClock(clock.Now))
		c := newClient(t, f.srv)
		for _, login := range []string{"alice", "bob"} {
			c.get("/login/forgot")
			c.post("/login/forgot", url.Values{"login": {login}})
		}
		aliceLink := linkIn(t, mailsTo(t, relay, "alice@example.com", 1)[0])
		bobLink := linkIn(t, mailsTo(t, relay, "bob@example.com", 1)[0])

		// Bob, signed in, follows alice's link: it is alice's password that changes.
		bob := newClient(t, f.srv)
		bob.login("bob", "bob-pass-1")
		bob.get(aliceLink)
		tampered := aliceLink[:len(aliceLink)-1] + map[bool]string{true: "A", false: "B"}[!strings.HasSuffix(aliceLink, "A")]
		if r := bob.post(tampered, url.Values{"password": {"bob-owns-alice"}}); r.status != http.StatusGone {
			t.Errorf("a tampered link: %d", r.status)
		}
		if r := bob.post(aliceLink, url.Values{"password": {"alice-pass-2"}}); r.status != http.StatusSeeOther {
			t.Fatalf("alice's link: %d", r.status)
		}
		newClient(t, f.srv).login("bob", "bob-pass-1")
		newClient(t, f.srv).login("alice", "alice-pass-2")

		// Bob's link, an hour later, is dead.
		clock.Advance(time.Hour + time.Second)
		late := newClient(t, f.srv)
		late.get("/login/forgot")
		if r := late.get(bobLink); r.status != http.StatusGone {
			t.Errorf("an expired link's page: %d", r.status)
		}
		if r := late.post(bobLink, url.Values{"password": {"bob-pass-2"}}); r.status != http.StatusGone {
			t.Errorf("an expired link: %d", r.status)
		}
		newClient(t, f.srv).login("bob", "bob-pass-1")
	})
}

// Reset requests are throttled per login (whoever asks) and per address, and the
// throttle counts logins that do not exist too.
func TestResetRequestsThrottled(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.TrustedProxies = []string{"0.0.0.0"} // app.Test connects from 0.0.0.0
		f, relay := mailFixture(t, cfg)
		ask := func(c *client, login string, ip string) int {
			c.get("/login/forgot")
			return c.post("/login/forgot", url.Values{"login": {login}}, "X-Forwarded-For", ip).status
		}
		for _, login := range []string{"alice", "nobody"} {
			var got []int
			for i := range 4 {
				got = append(got, ask(newClient(t, f.srv), login, "192.0.2."+itoa(int64(10+i))))
			}
			if want := []int{200, 200, 200, 429}; !slices.Equal(got, want) {
				t.Errorf("%s from four addresses: %v, want %v", login, got, want)
			}
		}
		mailsTo(t, relay, "alice@example.com", 3)
		one := newClient(t, f.srv)
		var got []int
		for _, login := range []string{"x1", "x2", "x3", "x4", "x5", "x6"} {
			got = append(got, ask(one, login, "198.51.100.7"))
		}
		if want := []int{200, 200, 200, 200, 200, 429}; !slices.Equal(got, want) {
			t.Errorf("six logins from one client: %v, want %v", got, want)
		}
	})
}
