package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/services"
)

var auditRow = regexp.MustCompile(`<tr class="audit-row" data-action="([a-z.]+)">\s*<td[^>]*><time[^>]*>[^<]*</time></td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>[^\n]*</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>`)

type auditLine struct{ action, who, whom, ip string }

func auditLines(t *testing.T, body string) []auditLine {
	t.Helper()
	var out []auditLine
	for _, m := range auditRow.FindAllStringSubmatch(body, -1) {
		out = append(out, auditLine{m[1], m[2], m[3], m[4]})
	}
	return out
}

// Admins read who signed in and from where, and who changed a role, a second factor, a
// channel or the backup, newest first.
func TestAuditTrail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.TrustedProxies = []string{"0.0.0.0"} // app.Test connects from 0.0.0.0
		clock := &testutil.Clock{}
		f := newFixtureWith(t, cfg, server.WithClock(clock.Now))
		alice := newClient(t, f.srv)
		alice.get("/login", "X-Forwarded-For", "203.0.113.9")
		if r := alice.post("/login", url.Values{"login": {"alice"}, "password": {"alice-pass-1"}}, "X-Forwarded-For", "203.0.113.9"); r.status != http.StatusSeeOther {
			t.Fatal(r.status)
		}
		alice.get("/admin")
		setUpTOTP(t, alice, clock.Now())
		alice.post("/admin/channels/webhook", url.Values{"webhook_url": {"https://hooks.example.com/in"}, "preset": {"slack"}}, "X-Forwarded-For", "203.0.113.9")

		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword)
		admin.post("/admin/members/"+itoa(f.bobID)+"/role", url.Values{"role": {"admin"}}, "X-Forwarded-For", "198.51.100.1")
		admin.post("/admin/members/"+itoa(f.aliceID)+"/totp/clear", nil, "X-Forwarded-For", "198.51.100.1")
		if r := admin.get("/admin/backup"); r.status != http.StatusOK {
			t.Fatalf("backup: %d", r.status)
		}
		page := admin.get("/admin/audit")
		got := auditLines(t, page.body)
		want := []auditLine{
			{"backup", "admin", "", "0.0.0.0"},
			{"totp.clear", "admin", "alice", "198.51.100.1"},
			{"member.role", "admin", "bob", "198.51.100.1"},
			{"signin", "admin", "", "0.0.0.0"},
			{"channel", "alice", "", "203.0.113.9"},
			{"totp.on", "alice", "", "0.0.0.0"},
			{"signin", "alice", "", "203.0.113.9"},
		}
		if !slices.Equal(got, want) {
			t.Errorf("the trail:\n got %v\nwant %v", got, want)
		}
		mustContain(t, "audit page", page.body, "관리자", "(웹훅 Slack)") // the role bob got, the webhook's shape
		bob := newClient(t, f.srv)
		bob.login("bob", "bob-pass-1")
		if r := bob.get("/admin/audit"); r.status != http.StatusOK {
			t.Errorf("bob, an admin now, reading the trail: %d", r.status)
		}
		carol := newClient(t, f.srv)
		carol.login("alice", "alice-pass-1")
		if r := carol.get("/admin/audit"); r.status != http.StatusForbidden {
			t.Errorf("a member reading the trail: %d", r.status)
		}
	})
}

// The trail is paged, and what is older than 90 days goes with the scheduled sweep.
func TestAuditTrailPagedAndKept90Days(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := &testutil.Clock{}
		f := newFixtureWith(t, cfg, server.WithClock(clock.Now))
		ctx := context.Background()
		record := func(n int) {
			for range n {
				if err := f.srv.Audit.Record(ctx, services.AuditEntry{Action: services.AuditSignIn, Actor: f.bobID, Detail: "password", ClientIP: "192.0.2.1"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		record(70) // 89 days before the sweep
		clock.Advance(2 * 24 * time.Hour)
		record(50) // 87 days before
		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword) // and one more
		for page, n := range map[string]int{"1": 50, "2": 50, "3": 21} {
			if got := len(auditLines(t, admin.get("/admin/audit?page="+page).body)); got != n {
				t.Errorf("page %s: %d rows, want %d", page, got, n)
			}
		}
		mustContain(t, "first page", admin.get("/admin/audit").body, `href="/admin/audit?page=2"`)

		clock.Advance(89*24*time.Hour + time.Minute)
		n, err := f.srv.Audit.Sweep(ctx)
		if err != nil || n != 70 {
			t.Errorf("the sweep dropped %d (%v), want the 70 older than 90 days", n, err)
		}
		if got := len(auditLines(t, admin.get("/admin/audit?page=2").body)); got != 1 {
			t.Errorf("after the sweep page 2 has %d rows, want 1 (51 left)", got)
		}
		var names []string
		for _, j := range f.srv.Scheduler.Jobs() {
			names = append(names, j.Name())
		}
		if !slices.Contains(names, server.AuditSweepJob) {
			t.Errorf("no %s job among %v", server.AuditSweepJob, names)
		}
	})
}
