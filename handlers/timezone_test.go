package handlers_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"sitecard/internal/testutil"
	"sitecard/models"
)

// The inbox and a message's page show when it came in the site's zone (SITE_TIMEZONE,
// Asia/Seoul unless set), with the zone named, never the server's UTC; the status JSON
// keeps RFC 3339 in UTC.
func TestTimesAreShownInTheSitesZone(t *testing.T) {
	for _, zone := range []string{"Asia/Seoul", "Europe/Paris", "America/Los_Angeles"} {
		t.Run(zone, func(t *testing.T) {
			cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
			if zone != "Asia/Seoul" {
				loc, err := time.LoadLocation(zone)
				if err != nil {
					t.Fatal(err)
				}
				cfg.TimeZone = loc
			}
			if cfg.TimeZone.String() != zone {
				t.Fatalf("the zone is %s, want %s", cfg.TimeZone, zone)
			}
			f := newFixture(t, cfg)
			f.addMessage(t)
			var m models.Message
			if err := f.srv.DB.NewSelect().Model(&m).Where("id = ?", f.messageID).Scan(t.Context()); err != nil {
				t.Fatal(err)
			}
			local := m.CreatedAt.In(cfg.TimeZone)
			// A Korean page names Seoul's zone in Korean.
			zoneName := map[string]string{"KST": "한국 시간"}[local.Format("MST")]
			if zoneName == "" {
				zoneName = local.Format("MST")
			}
			want := local.Format("2006-01-02 15:04") + " " + zoneName
			if abbr := local.Format("MST"); abbr == "" || abbr == "UTC" {
				t.Fatalf("%s has no name for its zone: %q", zone, abbr)
			}
			utc := m.CreatedAt.UTC().Format("2006-01-02 15:04")
			alice := newClient(t, f.srv)
			alice.login("alice", "alice-pass-1")
			inbox := alice.get("/admin/messages").body
			if !strings.Contains(inbox, want) || strings.Contains(inbox, utc) {
				t.Errorf("the inbox does not show %q (UTC %s): %.300s", want, utc, inbox[strings.Index(inbox, "<tbody")+0:])
			}
			page := alice.get("/admin/messages/" + itoa(f.messageID)).body
			if wantSec := local.Format("2006-01-02 15:04:05") + " " + zoneName; !strings.Contains(page, wantSec) {
				t.Errorf("the message page does not show %q", wantSec)
			}
			alice.cookies["lang"] = "en"
			if en := alice.get("/admin/messages").body; !strings.Contains(en, local.Format("2006-01-02 15:04 MST")) {
				t.Errorf("the English inbox does not show %q", local.Format("2006-01-02 15:04 MST"))
			}
			req := httptest.NewRequest("GET", "/admin/kakao/status", nil)
			req.Header.Set("Accept", "application/json")
			if status := alice.send(req); status.status != 200 {
				t.Errorf("status JSON: %d", status.status)
			} else {
				var body map[string]any
				if err := json.Unmarshal([]byte(status.body), &body); err != nil {
					t.Fatal(err)
				}
				for _, s := range []string{"+09:00", "+01:00", "-08:00", "-07:00"} {
					if strings.Contains(status.body, s) {
						t.Errorf("the JSON is not in UTC: %s", status.body)
					}
				}
			}
		})
	}
}
