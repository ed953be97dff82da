package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// Clicks on a card's links and buttons are counted without cookies (robots not at all)
// and sent on; the dashboard shows each card's last 30 days: views per day as a chart
// with a text alternative, a sparkline, and clicks per link.
func TestClicksAndTheViewsChart(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		human := "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
		v := newClient(t, f.srv)
		page := v.get("/c/alice", "User-Agent", human).body
		mustContain(t, "card", page, `href="/c/alice/go/l`+itoa(f.linkID)+`"`, `href="/c/alice/go/vcard"`, `href="/c/alice/go/qr"`)
		for range 2 {
			if r := v.get("/c/alice/go/l"+itoa(f.linkID), "User-Agent", human); r.status != 302 || r.header.Get("Location") != "https://github.com/alice" {
				t.Fatalf("link click: %d %q", r.status, r.header.Get("Location"))
			}
		}
		if r := v.get("/c/alice/go/vcard", "User-Agent", human); r.status != 302 || r.header.Get("Location") != "/c/alice/vcard.vcf" {
			t.Fatalf("vCard click: %d %q", r.status, r.header.Get("Location"))
		}
		v.get("/c/alice/go/l"+itoa(f.linkID), "User-Agent", "Googlebot/2.1")
		for _, bad := range []string{"/c/alice/go/l999999", "/c/alice/go/resume", "/c/alice/go/nonsense", "/c/demo/go/l" + itoa(f.linkID)} {
			if r := v.get(bad, "User-Agent", human); r.status != 404 {
				t.Errorf("%s: %d", bad, r.status)
			}
		}
		if len(v.cookies) != 0 {
			t.Errorf("counting set cookies: %v", v.cookies)
		}
		if err := f.srv.Views.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		dash := alice.get("/admin").body
		mustContain(t, "dashboard", dash, `data-views="1"`, `data-clicks="3"`, `<svg class="chart-svg"`, `role="img"`,
			`<title id="views-chart-title">최근 30일 조회수</title>`, "최근 30일 동안 조회 1회", "<td>"+time.Now().UTC().Format(time.DateOnly)+"</td>",
			`<svg class="spark"`, "<span>GitHub</span>", "<span>연락처 저장</span>")
		i := strings.Index(dash, "<span>GitHub</span>")
		if i < 0 || !strings.HasPrefix(dash[i:], `<span>GitHub</span> <span class="num">2</span>`) {
			t.Errorf("GitHub clicks: %.80s", dash[max(i, 0):])
		}
	})
}
