package handlers_test

import (
	"context"
	"encoding/csv"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

const (
	safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"
	kakao  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.4.5"
)

var sourceRow = regexp.MustCompile(`<tr class="source-row" data-source="([^"]+)"><td>[^<]*</td><td class="num" data-views="(\d+)">\d+</td><td class="num" data-clicks="(\d+)">\d+</td><td class="num" data-messages="(\d+)">`)

// sourceFigures reads the sources page's table: source → "views/clicks/messages".
func sourceFigures(body string) map[string]string {
	out := map[string]string{}
	for _, m := range sourceRow.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2] + "/" + m[3] + "/" + m[4]
	}
	return out
}

// Each share path is followed the way its visitors follow it (a scanned QR code, a
// signature's link, a printed card, another site's link, KakaoTalk's in-app browser, an
// owner's own ?src=), then the dashboard's figures and the CSV say what was sent. The
// page cache keeps one page for all of them.
func TestSourcesAreCountedPerRoute(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		f := k.fixture
		base := f.srv.Config.BaseURL.String()
		visit := func(path string, headers ...string) string {
			t.Helper()
			v := newClient(t, f.srv)
			r := v.get(path, headers...)
			if r.status != 200 {
				t.Fatalf("%s: %d", path, r.status)
			}
			if len(v.cookies) != 0 {
				t.Errorf("%s set cookies %v: the source must not be kept in the browser", path, v.cookies)
			}
			return r.body
		}
		f.srv.Cache.Purge()
		first := visit("/c/alice?src=qr", "User-Agent", safari)
		visit("/c/alice?src=qr", "User-Agent", safari)
		visit("/c/alice?src=sig", "User-Agent", safari)
		visit("/c/alice?src=print", "User-Agent", safari)
		visit("/c/alice", "User-Agent", safari, "Referer", "https://www.News.example.org/post/1?x=y")
		visit("/c/alice", "User-Agent", safari, "Referer", base+"/") // the site's own page: direct
		visit("/c/alice?src=Conf-2026", "User-Agent", safari)
		visit("/c/alice?src=%3Cscript%3E", "User-Agent", safari) // not a name: other
		visit("/c/alice?src="+strings.Repeat("a", 33), "User-Agent", safari)
		visit("/c/alice?src=qr", "User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)") // a robot: not counted
		last := visit("/c/alice?src=sig", "User-Agent", safari)
		cached := f.srv.Cache.Len()
		visit("/c/alice", "User-Agent", kakao) // an in-app browser's page is a variant of its own
		if first != last {
			t.Error("the page differs by source")
		}
		if strings.Contains(first, "src=qr") || strings.Contains(first, "src=sig") {
			t.Error("the page repeats the visitor's source back")
		}
		if n := cached; n != 1 {
			t.Errorf("the page cache holds %d pages across sources, want 1", n)
		}
		// Clicks from a page of a source: a followed link names the page in Referer, a
		// ping in Ping-From.
		v := newClient(t, f.srv)
		v.get("/c/alice/go/vcard", "User-Agent", safari, "Referer", base+"/c/alice?src=qr")
		ping := httptest.NewRequest("POST", "/c/alice/go/l"+itoa(f.linkID), strings.NewReader("PING"))
		ping.Header.Set("Content-Type", "text/ping")
		ping.Header.Set("User-Agent", kakao)
		ping.Header.Set("Ping-From", base+"/c/alice")
		if r := v.send(ping); r.status != 204 {
			t.Fatalf("ping: %d", r.status)
		}
		// A message sent from the card opened by the signature's link.
		page := v.get("/c/alice/contact")
		stamp := stampRe.FindStringSubmatch(page.body)[1]
		k.clock.Advance(5 * time.Second)
		r := v.post("/contact", url.Values{"card": {"alice"}, "name": {"방문자"}, "email": {"v@example.com"}, "message": {"안녕하세요"}, "t": {stamp}},
			"HX-Request", "true", "User-Agent", safari, "Referer", base+"/c/alice?src=sig")
		if r.status != 200 {
			t.Fatalf("message: %d", r.status)
		}
		// And one from the message page, opened without JavaScript from the card opened
		// by the printed card: the page carries the source on to its form.
		w := newClient(t, f.srv)
		page = w.get("/c/alice/contact", "Referer", base+"/c/alice?src=print")
		stamp = stampRe.FindStringSubmatch(page.body)[1]
		if !strings.Contains(page.body, `name="src" value="print"`) {
			t.Error("the message page does not carry the card page's source")
		}
		k.clock.Advance(5 * time.Second)
		r = w.post("/contact", url.Values{"card": {"alice"}, "name": {"방문자"}, "email": {"w@example.com"}, "message": {"안녕하세요"}, "t": {stamp}, "src": {"print"}},
			"User-Agent", safari, "Referer", base+"/c/alice/contact")
		if r.status != 303 {
			t.Fatalf("message from the page: %d", r.status)
		}
		if err := f.srv.Views.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}

		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		dash := alice.get("/admin/sources?days=7&card=" + itoa(f.cardID))
		if dash.status != 200 {
			t.Fatalf("sources page: %d", dash.status)
		}
		want := map[string]string{
			"qr": "2/1/0", "sig": "2/0/1", "print": "1/0/1", "ref:news.example.org": "1/0/0", "direct": "1/0/0",
			"app:kakaotalk": "1/1/0", "conf-2026": "1/0/0", "other": "2/0/0",
		}
		got := sourceFigures(dash.body)
		for s, w := range want {
			if got[s] != w {
				t.Errorf("source %s: views/clicks/messages %q, want %q", s, got[s], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("sources shown %v, want %v", got, want)
		}
		mustContain(t, "sources page", dash.body, `id="referrers-table"`, "news.example.org", "카카오톡", "QR 코드", `<svg class="chart-svg"`)
		alice.cookies["lang"] = "en"
		if en := alice.get("/admin/sources?days=7&card=" + itoa(f.cardID)); !strings.Contains(en.body, "KakaoTalk") || !strings.Contains(en.body, "By referring site") {
			t.Error("the sources page is not in English with ?lang=en")
		}
		delete(alice.cookies, "lang")
		mine := sourceFigures(alice.get("/admin/sources?days=30").body)
		if mine["qr"] != "2/1/0" {
			t.Errorf("all of alice's cards: qr %q", mine["qr"])
		}

		csvBody := alice.get("/admin/sources.csv?days=7&card=" + itoa(f.cardID))
		if ct := csvBody.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("CSV content type %q", ct)
		}
		rows, err := csv.NewReader(strings.NewReader(csvBody.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		today := time.Now().UTC().Format(time.DateOnly)
		views, clicks, messages := map[string]string{}, map[string]string{}, map[string]string{}
		for _, row := range rows[1:] {
			switch row[0] {
			case "views":
				if row[1] != "alice" || row[2] != today {
					t.Errorf("views row %v", row)
				}
				views[row[3]] = row[5]
			case "clicks":
				clicks[row[4]] = row[5]
			case "messages":
				messages[row[2]] = row[5]
			}
		}
		for s, w := range want {
			if views[s] != strings.Split(w, "/")[0] {
				t.Errorf("CSV views of %s: %q, want %q", s, views[s], strings.Split(w, "/")[0])
			}
		}
		if clicks["vcard"] != "1" || clicks["link:"+itoa(f.linkID)] != "1" || messages[today] != "2" {
			t.Errorf("CSV clicks %v, messages %v", clicks, messages)
		}

		// Bob may not read alice's card's figures.
		bob := newClient(t, f.srv)
		bob.login("bob", "bob-pass-1")
		for _, p := range []string{"/admin/sources?card=", "/admin/sources.csv?card="} {
			if r := bob.get(p + itoa(f.cardID)); r.status != 403 {
				t.Errorf("bob %s: %d, want 403", p, r.status)
			}
		}
		if r := bob.get("/admin/sources.csv"); strings.Contains(r.body, "alice") {
			t.Error("bob's export holds alice's card")
		}
	})
}

// An anonymous visitor cannot make a card keep more than a bounded number of sources a
// day: past the bound they are counted as "other".
func TestSourcesPerCardAreBounded(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	for i := range 100 {
		newClient(t, f.srv).get("/c/alice?src=s"+itoa(int64(i)), "User-Agent", safari)
	}
	newClient(t, f.srv).get("/c/alice?src=qr", "User-Agent", safari)
	if err := f.srv.Views.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	got := sourceFigures(alice.get("/admin/sources?days=7&card=" + itoa(f.cardID)).body)
	// 20 of the visitor's own names, then "other" for the 80 others; the site's own
	// sources are always kept.
	if len(got) != 22 || got["other"] != "80/0/0" || got["qr"] != "1/0/0" || got["s0"] != "1/0/0" || got["s20"] != "" {
		t.Errorf("sources kept: %d %v", len(got), got)
	}
}
