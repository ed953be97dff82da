package handlers_test

import (
	"compress/gzip"
	"context"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/services"
)

type response struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, srv *server.Server, method, target string, headers ...string) response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.App.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("%s %s: bad gzip: %v", method, target, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

func TestCardPageShowsEverySection(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	for _, path := range []string{"/", "/c/demo"} {
		r := do(t, srv, "GET", path)
		if r.status != 200 {
			t.Fatalf("GET %s: status %d", path, r.status)
		}
		mustContain(t, path, r.body,
			`<html lang="ko"`, "홍길동", "Gildong Hong", "백엔드 개발자", "Mail.", "gildong@example.com", "Site.",
			`class="box box-skills"`, `class="box box-license"`, `class="box box-work"`,
			`class="box box-education"`, `class="box box-awards"`,
			`width="90"`, "90%", // the Go skill bar
			`social-github`, `social-facebook`, `social-google`, `social-instagram`, `social-youtube`,
			`id="to-top"`, `id="chat-window"`, `id="kakao-window"`, `data-window="kakao-window"`,
			`href="/c/demo/go/vcard"`, `href="/c/demo/go/qr"`,
			`<link rel="canonical" href="http://localhost:8000/?lang=ko">`, `<link rel="alternate" hreflang="en" href="http://localhost:8000/?lang=en">`, `<link rel="alternate" hreflang="x-default" href="http://localhost:8000/">`,
			`property="og:title"`, `name="twitter:card"`, `"@type":"Person"`,
			`class="demo-banner"`,
		)
	}
}

func TestCardPageSecurityHeadersAndNoInlineScript(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	r := do(t, srv, "GET", "/")
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP = %q, want script-src 'self' and no unsafe-inline", csp)
	}
	if got := r.header.Get("Referrer-Policy"); got != "same-origin" {
		t.Errorf("Referrer-Policy = %q, want same-origin", got)
	}
	// Every executable script must come from a file: only JSON-LD data may be inline.
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(r.body, -1) {
		if !strings.Contains(tag, " src=") && !strings.Contains(tag, `type="application/ld+json"`) {
			t.Errorf("inline script found: %s", tag)
		}
	}
	if strings.Contains(r.body, " style=") || strings.Contains(r.body, "<style") {
		t.Error("page carries inline styles, which the CSP blocks")
	}
	for _, ext := range regexp.MustCompile(`(?:src|href)="(https?:)?//[^"]*"`).FindAllString(r.body, -1) {
		if strings.Contains(ext, "<link") || strings.Contains(ext, "src=") {
			t.Errorf("asset loaded from elsewhere: %s", ext)
		}
	}
}

func TestLanguageNegotiationAndToggle(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	en := do(t, srv, "GET", "/", "Accept-Language", "en-US,en;q=0.9,ko;q=0.5")
	mustContain(t, "english", en.body, `<html lang="en"`, `<span class="p-name" itemprop="name">Gildong Hong</span>`, "Backend Developer", "Save contact", "한국어")
	ko := do(t, srv, "GET", "/", "Accept-Language", "en-US,en;q=0.9", "Cookie", "lang=ko")
	mustContain(t, "cookie wins", ko.body, `<html lang="ko"`, `<span class="p-name" itemprop="name">홍길동</span>`)

	set := do(t, srv, "GET", "/prefs?lang=en&next=/c/demo")
	if set.status != http.StatusSeeOther || set.header.Get("Location") != "/c/demo" {
		t.Fatalf("toggle: status %d location %q", set.status, set.header.Get("Location"))
	}
	if c := set.header.Get("Set-Cookie"); !strings.Contains(c, "lang=en") || !strings.Contains(strings.ToLower(c), "samesite=lax") {
		t.Errorf("toggle cookie = %q", c)
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", `/\evil.example`} {
		r := do(t, srv, "GET", "/prefs?theme=dark&next="+next)
		if r.header.Get("Location") != "/" {
			t.Errorf("next=%q redirected to %q, want /", next, r.header.Get("Location"))
		}
	}
	dark := do(t, srv, "GET", "/", "Cookie", "theme=dark")
	mustContain(t, "dark theme", dark.body, `data-theme="dark"`)
	bogus := do(t, srv, "GET", "/", "Cookie", `theme="><script>`)
	mustContain(t, "bad theme cookie", bogus.body, `data-theme="auto"`)
}

func TestUnknownCardIs404PageOrFragment(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	page := do(t, srv, "GET", "/c/nobody")
	if page.status != 404 {
		t.Fatalf("status %d, want 404", page.status)
	}
	mustContain(t, "404 page", page.body, "<html", "카드를 찾을 수 없습니다")
	frag := do(t, srv, "GET", "/c/nobody", "HX-Request", "true")
	if frag.status != 404 || strings.Contains(frag.body, "<html") || !strings.Contains(frag.body, "카드를 찾을 수 없습니다") {
		t.Fatalf("htmx 404: status %d, body %.200q", frag.status, frag.body)
	}
	for _, p := range []string{"/c/Bad%20Slug", "/c/nobody/vcard.vcf", "/c/nobody/qr.svg", "/no/such/page"} {
		if r := do(t, srv, "GET", p); r.status != 404 {
			t.Errorf("GET %s: status %d, want 404", p, r.status)
		}
	}
}

// An unpublished card disappears, and with no public card / explains itself: what the
// cards service reads from the database, so on both.
func TestUnpublishedCardsAre404(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testsite.Server(t, cfg)
		if _, err := srv.DB.NewUpdate().Table("cards").Set("published = ?", false).Where("1 = 1").Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		srv.Cache.Purge()
		if r := do(t, srv, "GET", "/c/demo"); r.status != 404 {
			t.Errorf("unpublished card: status %d, want 404", r.status)
		}
		r := do(t, srv, "GET", "/")
		if r.status != 404 || !strings.Contains(r.body, "아직 공개된 카드가 없습니다") {
			t.Errorf("no public card: status %d", r.status)
		}
	})
}

func TestHTMXGetsFragment(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	r := do(t, srv, "GET", "/c/demo", "HX-Request", "true")
	if r.status != 200 || strings.Contains(r.body, "<html") || !strings.Contains(r.body, `class="card-page h-card"`) {
		t.Fatalf("fragment: status %d body %.200q", r.status, r.body)
	}
	full := do(t, srv, "GET", "/c/demo")
	if !strings.Contains(full.body, r.body[:200]) {
		t.Error("the full page does not contain the fragment's markup")
	}
}

func TestETagCompressionAndAssets(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	first := do(t, srv, "GET", "/", "Accept-Encoding", "gzip")
	etag := first.header.Get("ETag")
	if etag == "" || first.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("ETag %q, Content-Encoding %q", etag, first.header.Get("Content-Encoding"))
	}
	if !strings.Contains(first.body, "홍길동") {
		t.Fatal("gzipped body does not decode to the card")
	}
	if again := do(t, srv, "GET", "/", "If-None-Match", etag); again.status != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", again.status)
	}
	if en := do(t, srv, "GET", "/", "Accept-Language", "en"); en.header.Get("ETag") == etag {
		t.Error("the English page has the Korean page's ETag")
	}

	css := regexp.MustCompile(`href="(/static/css/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(first.body)
	if css == nil {
		t.Fatal("no fingerprinted stylesheet link")
	}
	a := do(t, srv, "GET", css[1], "Accept-Encoding", "gzip")
	if a.status != 200 || !strings.Contains(a.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(a.header.Get("Content-Type"), "text/css") {
		t.Errorf("asset: status %d, cache %q, type %q", a.status, a.header.Get("Cache-Control"), a.header.Get("Content-Type"))
	}
	if !strings.Contains(a.body, "--accent") {
		t.Error("asset body is not the stylesheet")
	}
	if r := do(t, srv, "GET", "/static/css/app.0000000000.css"); r.status != 404 {
		t.Errorf("stale fingerprint: status %d, want 404", r.status)
	}
}

func TestVCardQRSitemapRobots(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	vc := do(t, srv, "GET", "/c/demo/vcard.vcf")
	if vc.status != 200 || !strings.HasPrefix(vc.header.Get("Content-Type"), "text/vcard") {
		t.Fatalf("vcard: status %d type %q", vc.status, vc.header.Get("Content-Type"))
	}
	mustContain(t, "vcard", vc.body, "BEGIN:VCARD\r\n", "VERSION:3.0\r\n", "FN:홍길동\r\n", "N:홍;길동;;;\r\n",
		"EMAIL;TYPE=INTERNET,PREF:gildong@example.com\r\n", "TEL;TYPE=CELL,VOICE:+82-10-0000-0000\r\n",
		"URL;TYPE=sitecard:http://localhost:8000/c/demo\r\n", "END:VCARD\r\n")

	qr := do(t, srv, "GET", "/c/demo/qr.svg")
	if qr.status != 200 || qr.header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("qr: status %d type %q", qr.status, qr.header.Get("Content-Type"))
	}
	var svg struct {
		XMLName xml.Name
		Title   string `xml:"title"`
		Path    struct {
			D string `xml:"d,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal([]byte(qr.body), &svg); err != nil || svg.XMLName.Local != "svg" {
		t.Fatalf("qr is not SVG: %v", err)
	}
	if svg.Title != "http://localhost:8000/c/demo" || strings.Count(svg.Path.D, "M") < 50 {
		t.Errorf("qr title %q with %d runs", svg.Title, strings.Count(svg.Path.D, "M"))
	}

	sm := do(t, srv, "GET", "/sitemap.xml")
	mustContain(t, "sitemap", sm.body, "<loc>http://localhost:8000/?lang=ko</loc>", `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
	rb := do(t, srv, "GET", "/robots.txt")
	mustContain(t, "robots", rb.body, "Sitemap: http://localhost:8000/sitemap.xml", "Disallow: /admin")
}

func TestHealthAndReadiness(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testsite.Server(t, cfg)
		if r := do(t, srv, "GET", "/healthz"); r.status != 200 || !strings.Contains(r.body, `"ok"`) {
			t.Errorf("healthz: %d %s", r.status, r.body)
		}
		if r := do(t, srv, "GET", "/readyz"); r.status != 200 {
			t.Errorf("readyz: %d %s", r.status, r.body)
		}
		srv.DB.Close()
		if r := do(t, srv, "GET", "/readyz"); r.status != http.StatusServiceUnavailable {
			t.Errorf("readyz with the database gone: %d, want 503", r.status)
		}
		if r := do(t, srv, "GET", "/healthz"); r.status != 200 {
			t.Errorf("healthz with the database gone: %d, want 200 (the process lives)", r.status)
		}
	})
}

// A "next" with a tab (or any character browsers strip) never leads off the site.
func TestPrefsRedirectStaysHere(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	for _, next := range []string{"/%09/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example"} {
		r := do(t, srv, "GET", "/prefs?lang=en&next="+next)
		if r.status != 303 || r.header.Get("Location") != "/" {
			t.Errorf("next=%s: %d → %q", next, r.status, r.header.Get("Location"))
		}
	}
}

// Every text a visitor reads has an English version; the English view uses it and falls
// back to Korean where there is none, and the Korean view never shows English-only titles.
// vCard, OpenGraph and JSON-LD follow the language.
func TestEnglishCardIsEnglish(t *testing.T) {
	t.Parallel()
	srv := publicSite(t)
	en := do(t, srv, "GET", "/", "Accept-Language", "en-US,en")
	mustContain(t, "English card", en.body, ">Skills<", ">Licenses<", ">Awards &amp; projects<", "Hankuk University", "Backend Engineer",
		"Designed and ran the payment", `og:description" content="A developer who builds web services in Go.`, `"jobTitle":"Backend Developer"`)
	ko := do(t, srv, "GET", "/")
	mustContain(t, "Korean card", ko.body, ">기술<", ">자격증<", "한국대학교", "백엔드 엔지니어", "결제·알림 API")
	for _, english := range []string{">Skills<", ">License<", ">Licenses<", "Hankuk University", "Backend Engineer"} {
		if strings.Contains(ko.body, english) {
			t.Errorf("the Korean card shows %q", english)
		}
	}
	if v := do(t, srv, "GET", "/c/demo/vcard.vcf", "Accept-Language", "en"); !strings.Contains(v.body, "FN:Gildong Hong") ||
		!strings.Contains(v.body, "TITLE:Backend Developer") || !strings.Contains(v.body, "NICKNAME:홍길동") {
		t.Errorf("English vCard:\n%s", v.body)
	}
	if v := do(t, srv, "GET", "/c/demo/vcard.vcf"); !strings.Contains(v.body, "FN:홍길동") || !strings.Contains(v.body, "TITLE:백엔드 개발자") {
		t.Errorf("Korean vCard:\n%s", v.body)
	}
}

// The owner writes both versions in the editor; an empty English one falls back.
func TestEnglishVersionsFromTheEditor(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		if r := alice.post("/admin/sections/"+itoa(f.sectionID), url.Values{"kind": {"skills"}, "title": {"주요 기술"}, "title_en": {"Main skills"}}); r.status != 303 {
			t.Fatalf("section: %d", r.status)
		}
		if r := alice.post("/admin/items/"+itoa(f.itemID), url.Values{"title": {"고 언어"}, "title_en": {""}, "percent": {"80"}}); r.status != 303 {
			t.Fatalf("item: %d", r.status)
		}
		if r := alice.post("/admin/links/"+itoa(f.linkID), url.Values{"kind": {"github"}, "label": {"깃허브"}, "label_en": {"My GitHub"}, "url": {"https://github.com/alice"}}); r.status != 303 {
			t.Fatalf("link: %d", r.status)
		}
		en := do(t, f.srv, "GET", "/c/alice", "Accept-Language", "en")
		mustContain(t, "alice in English", en.body, ">Main skills<", ">고 언어<", `title="My GitHub"`)
		ko := do(t, f.srv, "GET", "/c/alice")
		mustContain(t, "alice in Korean", ko.body, ">주요 기술<", `title="깃허브"`)
		editor := alice.get("/admin/cards/" + itoa(f.cardID)).body
		mustContain(t, "editor", editor, `name="title_en" type="text" value="Main skills"`, `name="label_en"`, `name="summary_en"`, `name="detail_en"`)
	})
}

// Clicks on a card's links and buttons are counted without cookies (robots not at all)
// and sent on; the dashboard shows each card's last 30 days: views per day as a chart
// with a text alternative, a sparkline, and clicks per link.
func TestClicksAndTheViewsChart(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		human := "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
		v := newClient(t, f.srv)
		page := v.get("/c/alice", "User-Agent", human).body
		// A profile link keeps its real address (rel=me verification) and reports its click
		// through ping; an address shared before still counts and redirects.
		mustContain(t, "card", page, `href="https://github.com/alice" rel="me noopener" ping="/c/alice/go/l`+itoa(f.linkID)+`"`,
			`href="/c/alice/go/vcard"`, `href="/c/alice/go/qr"`)
		if r := v.get("/c/alice/go/l"+itoa(f.linkID), "User-Agent", human); r.status != 302 || r.header.Get("Location") != "https://github.com/alice" {
			t.Fatalf("link click: %d %q", r.status, r.header.Get("Location"))
		}
		ping := httptest.NewRequest("POST", "/c/alice/go/l"+itoa(f.linkID), strings.NewReader("PING"))
		ping.Header.Set("Content-Type", "text/ping")
		ping.Header.Set("User-Agent", human)
		if r := v.send(ping); r.status != 204 {
			t.Fatalf("ping: %d %s", r.status, r.body)
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

// A link shows its service's icon and name, recognised from its address whatever kind it
// was filed as; an unknown site is named by its host; no link is nameless.
func TestLinksAreNamedByTheirService(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := context.Background()
	alice := services.Actor{ID: f.aliceID}
	for _, u := range []string{"https://www.linkedin.com/in/alice", "https://hachyderm.io/@alice", "https://blog.naver.com/alice", "https://alice.example.org/cv"} {
		if err := f.srv.Cards.AddLink(ctx, alice, f.cardID, map[string]string{"kind": "website", "url": u}); err != nil {
			t.Fatal(err)
		}
	}
	for lang, wants := range map[string][]string{
		"ko": {`class="social social-linkedin u-url" href="https://www.linkedin.com/in/alice" rel="me noopener" ping="/c/alice/go/l`, `title="LinkedIn"`, `social-mastodon`, `title="마스토돈"`,
			`social-naverblog`, `<span class="sr-only">네이버 블로그</span>`, `social-web`, `title="alice.example.org"`},
		"en": {`title="Mastodon"`, `<span class="sr-only">Naver Blog</span>`},
	} {
		r := do(t, f.srv, "GET", "/c/alice", "Cookie", "lang="+lang)
		mustContain(t, lang, r.body, wants...)
		if strings.Contains(r.body, `title=""`) || strings.Contains(r.body, `<span class="sr-only"></span>`) {
			t.Errorf("%s: a nameless link", lang)
		}
	}
}

// Fetched as Mastodon's verifier fetches a profile's website (a plain GET, no cookies, no
// JavaScript), the card carries each profile's address exactly as the owner entered it,
// on a rel="me" link in the body and in the head: no counting redirect in the way.
func TestRelMeLinksVerify(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	entered := []string{"https://mastodon.social/@alice", "https://hachyderm.io/@Alice_K/", "https://github.com/alice?tab=repositories&q=go"}
	for _, u := range entered {
		if err := f.srv.Cards.AddLink(context.Background(), services.Actor{ID: f.aliceID}, f.cardID, map[string]string{"kind": "website", "url": u}); err != nil {
			t.Fatal(err)
		}
	}
	body := do(t, f.srv, "GET", "/c/alice", "User-Agent", "http.rb/5.1.1 (Mastodon/4.3.0; +https://mastodon.social/)").body
	anchors, heads := map[string]bool{}, map[string]bool{}
	for _, m := range regexp.MustCompile(`<a [^>]*href="([^"]+)" rel="me[ "]`).FindAllStringSubmatch(body, -1) {
		anchors[html.UnescapeString(m[1])] = true
	}
	for _, m := range regexp.MustCompile(`<link rel="me" href="([^"]+)">`).FindAllStringSubmatch(body, -1) {
		heads[html.UnescapeString(m[1])] = true
	}
	for _, u := range entered {
		if !anchors[u] || !heads[u] {
			t.Errorf("%s: as a rel=me link %v, in the head %v", u, anchors[u], heads[u])
		}
	}
}
