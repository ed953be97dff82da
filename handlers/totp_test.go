package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
)

var (
	totpSecret   = regexp.MustCompile(`id="totp-secret">([A-Z2-7]+)<`)
	recoveryCode = regexp.MustCompile(`<code>([a-z2-9]{5}-[a-z2-9]{5})</code>`)
)

// setUpTOTP turns on an authenticator for the signed-in client and returns its secret
// and recovery codes.
func setUpTOTP(t *testing.T, c *client, now time.Time) (string, []string) {
	t.Helper()
	if r := c.post("/admin/account/totp", nil); r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/account/totp" {
		t.Fatalf("start: %d %s", r.status, r.header.Get("Location"))
	}
	page := c.get("/admin/account/totp")
	mustContain(t, "setup page", page.body, "<svg", `<path fill="#000" d="M`)
	m := totpSecret.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no secret on the setup page: %.2000s", page.body)
	}
	secret := m[1]
	if r := c.post("/admin/account/totp/confirm", url.Values{"code": {"123456"}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a wrong first code: %d", r.status)
	}
	code, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	r := c.post("/admin/account/totp/confirm", url.Values{"code": {code}})
	if r.status != http.StatusOK || r.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("confirm: %d %q", r.status, r.header.Get("Cache-Control"))
	}
	var codes []string
	for _, m := range recoveryCode.FindAllStringSubmatch(r.body, -1) {
		codes = append(codes, m[1])
	}
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes shown, want 10", len(codes))
	}
	if p := c.get("/admin/account"); !strings.Contains(p.body, `id="totp-on"`) || strings.Contains(p.body, codes[0]) {
		t.Error("the account page does not say the second factor is on, or shows a recovery code again")
	}
	return secret, codes
}

// passwordStep signs in with the password up to the code page.
func passwordStep(t *testing.T, c *client, login, password string) {
	t.Helper()
	c.get("/login")
	r := c.post("/login", url.Values{"login": {login}, "password": {password}, "next": {"/admin/messages"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/login/code" {
		t.Fatalf("password step: %d %s", r.status, r.header.Get("Location"))
	}
	c.get("/login/code")
}

func memberSessionRows(t *testing.T, f *fixture, id int64) int {
	t.Helper()
	n, err := f.srv.DB.NewSelect().Table("sessions").Where("member_id = ?", id).Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// With an authenticator on, the password leads to a code page that signs nobody in; a
// code works once, in its own 30 s; recovery codes work once each; the secret and the
// codes are not stored as they are.
func TestTOTPSignIn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := &testutil.Clock{}
		f := newFixtureWith(t, cfg, server.WithClock(clock.Now))
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		secret, codes := setUpTOTP(t, alice, clock.Now())
		var stored string
		ctx := context.Background()
		if err := f.srv.DB.NewSelect().Table("member_totp").Column("secret").Where("member_id = ?", f.aliceID).Scan(ctx, &stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, secret) || len(stored) < 40 {
			t.Errorf("the secret is stored unsealed: %q", stored)
		}
		if n, _ := f.srv.DB.NewSelect().Table("recovery_codes").Where("code_hash LIKE ?", "%"+strings.ReplaceAll(codes[0], "-", "")+"%").Count(ctx); n != 0 {
			t.Error("a recovery code is stored as it is")
		}

		c := newClient(t, f.srv)
		passwordStep(t, c, "alice", "alice-pass-1")
		if r := c.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("the password alone reached the dashboard: %d", r.status)
		}
		if n := memberSessionRows(t, f, f.aliceID); n != 1 {
			t.Errorf("%d sessions of alice's after the password step, want only the first browser's", n)
		}
		// The code that confirmed the setup is spent: its time step is used.
		used, _ := totp.GenerateCode(secret, clock.Now())
		if r := c.post("/login/code", url.Values{"code": {used}}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("a spent code: %d", r.status)
		}
		clock.Advance(30 * time.Second)
		code, _ := totp.GenerateCode(secret, clock.Now())
		r := c.post("/login/code", url.Values{"code": {code[:3] + " " + code[3:]}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/messages" {
			t.Fatalf("the right code: %d %s %.300s", r.status, r.header.Get("Location"), r.body)
		}
		if r := c.get("/admin"); r.status != http.StatusOK {
			t.Errorf("signed in with a code, the dashboard: %d", r.status)
		}
		// The same code again, on another browser, within its 30 s: refused.
		replay := newClient(t, f.srv)
		passwordStep(t, replay, "alice", "alice-pass-1")
		if r := replay.post("/login/code", url.Values{"code": {code}}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("a code used twice: %d", r.status)
		}

		// A recovery code, typed in capitals, works once.
		rc := newClient(t, f.srv)
		passwordStep(t, rc, "alice", "alice-pass-1")
		if r := rc.post("/login/code", url.Values{"code": {strings.ToUpper(codes[3])}}); r.status != http.StatusSeeOther {
			t.Fatalf("a recovery code: %d", r.status)
		}
		again := newClient(t, f.srv)
		passwordStep(t, again, "alice", "alice-pass-1")
		if r := again.post("/login/code", url.Values{"code": {codes[3]}}); r.status != http.StatusUnprocessableEntity {
			t.Errorf("a recovery code used twice: %d", r.status)
		}
		if p := alice.get("/admin/account"); !strings.Contains(p.body, "남은 복구 코드: 9개") {
			t.Error("the account page does not count the recovery codes left")
		}
		// Five minutes after the password, the code page has forgotten it.
		slow := newClient(t, f.srv)
		passwordStep(t, slow, "alice", "alice-pass-1")
		clock.Advance(5*time.Minute + time.Second)
		code, _ = totp.GenerateCode(secret, clock.Now())
		if r := slow.post("/login/code", url.Values{"code": {code}}); r.status == http.StatusSeeOther {
			t.Error("a code long after the password signed in")
		}
	})
}

// The probe: guessing codes past the limit is refused even with the right code, and
// the count is per member, not per browser.
func TestTOTPGuessingThrottled(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := &testutil.Clock{}
		f := newFixtureWith(t, cfg, server.WithClock(clock.Now))
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		secret, _ := setUpTOTP(t, alice, clock.Now())
		clock.Advance(30 * time.Second)
		for i := range 5 {
			c := newClient(t, f.srv) // a new browser for each guess
			passwordStep(t, c, "alice", "alice-pass-1")
			if r := c.post("/login/code", url.Values{"code": {"00000" + itoa(int64(i))}}); r.status != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d: %d", i+1, r.status)
			}
		}
		c := newClient(t, f.srv)
		passwordStep(t, c, "alice", "alice-pass-1")
		code, _ := totp.GenerateCode(secret, clock.Now())
		if r := c.post("/login/code", url.Values{"code": {code}}); r.status != http.StatusTooManyRequests {
			t.Errorf("the right code past the limit: %d, want 429", r.status)
		}
		if r := c.get("/admin"); r.status != http.StatusSeeOther {
			t.Errorf("past the limit the browser got in: %d", r.status)
		}
	})
}

// An admin clears a member's second factor; the member is told at their confirmed
// address and signs in with the password alone. A reset password still asks for the code.
func TestSecondFactorClearedByAdminAndKeptByReset(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := &testutil.Clock{}
		f, relay := mailFixture(t, cfg, server.WithClock(clock.Now))
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		setUpTOTP(t, alice, clock.Now())

		// A password reset by email does not get past the second factor.
		c := newClient(t, f.srv)
		c.get("/login/forgot")
		c.post("/login/forgot", url.Values{"login": {"alice"}})
		link := linkIn(t, mailsTo(t, relay, "alice@example.com", 1)[0])
		c.get(link)
		if r := c.post(link, url.Values{"password": {"alice-pass-2"}}); r.status != http.StatusSeeOther {
			t.Fatalf("reset: %d", r.status)
		}
		passwordStep(t, c, "alice", "alice-pass-2")

		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword)
		if r := admin.post("/admin/members/"+itoa(f.aliceID)+"/totp/clear", nil); r.status != http.StatusSeeOther {
			t.Fatalf("clear: %d", r.status)
		}
		notice := mailsTo(t, relay, "alice@example.com", 2)[1]
		if !strings.Contains(notice.Data, "second factor") {
			t.Errorf("the notice: %q", notice.Data)
		}
		newClient(t, f.srv).login("alice", "alice-pass-2")
	})
}

// With ADMIN_REQUIRE_SECOND_FACTOR an admin without one reaches only their account page
// until they set one up; members are not affected.
func TestAdminsRequiredToHaveASecondFactor(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.SignIn.AdminRequireSecondFactor = true
		clock := &testutil.Clock{}
		f := newFixtureWith(t, cfg, server.WithClock(clock.Now))
		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword)
		if r := admin.get("/admin/members"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/admin/account?need=second-factor") {
			t.Errorf("an admin without a second factor: %d %s", r.status, r.header.Get("Location"))
		}
		if r := admin.post("/admin/members", url.Values{"login": {"eve"}, "password": {"eve-pass-12"}}); r.status != http.StatusForbidden {
			t.Errorf("an admin without a second factor adding a member: %d", r.status)
		}
		if p := admin.get("/admin/account"); !strings.Contains(p.body, `id="need-second-factor"`) {
			t.Error("the account page does not say why")
		}
		bob := newClient(t, f.srv)
		bob.login("bob", "bob-pass-1")
		if r := bob.get("/admin/messages"); r.status != http.StatusOK {
			t.Errorf("a member is held too: %d", r.status)
		}
		setUpTOTP(t, admin, clock.Now())
		if r := admin.get("/admin/members"); r.status != http.StatusOK {
			t.Errorf("the admin with a second factor: %d", r.status)
		}
	})
}

// A member turns their own second factor off with their password.
func TestTOTPTurnedOffWithPassword(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	setUpTOTP(t, alice, time.Now())
	if r := alice.post("/admin/account/totp/disable", url.Values{"current": {"wrong"}}); !strings.Contains(r.header.Get("Location"), "wrong-password") {
		t.Errorf("a wrong password: %d %s", r.status, r.header.Get("Location"))
	}
	passwordStep(t, newClient(t, f.srv), "alice", "alice-pass-1")
	alice.post("/admin/account/totp/disable", url.Values{"current": {"alice-pass-1"}})
	newClient(t, f.srv).login("alice", "alice-pass-1")
}
