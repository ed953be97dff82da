package handlers_test

import (
	"compress/gzip"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
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
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testutil.Server(t, cfg)
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
				`<link rel="canonical" href="http://localhost:8000/">`,
				`property="og:title"`, `name="twitter:card"`, `"@type":"Person"`,
				`class="demo-banner"`,
			)
		}
	})
}

func TestCardPageSecurityHeadersAndNoInlineScript(t *testing.T) {
	srv := testutil.Server(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
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
	srv := testutil.Server(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	en := do(t, srv, "GET", "/", "Accept-Language", "en-US,en;q=0.9,ko;q=0.5")
	mustContain(t, "english", en.body, `<html lang="en"`, `<span itemprop="name">Gildong Hong</span>`, "Backend Developer", "Save contact", "한국어")
	ko := do(t, srv, "GET", "/", "Accept-Language", "en-US,en;q=0.9", "Cookie", "lang=ko")
	mustContain(t, "cookie wins", ko.body, `<html lang="ko"`, `<span itemprop="name">홍길동</span>`)

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
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testutil.Server(t, cfg)
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

		// An unpublished card disappears, and with no public card / explains itself.
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
	srv := testutil.Server(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	r := do(t, srv, "GET", "/c/demo", "HX-Request", "true")
	if r.status != 200 || strings.Contains(r.body, "<html") || !strings.Contains(r.body, `class="card-page"`) {
		t.Fatalf("fragment: status %d body %.200q", r.status, r.body)
	}
	full := do(t, srv, "GET", "/c/demo")
	if !strings.Contains(full.body, r.body[:200]) {
		t.Error("the full page does not contain the fragment's markup")
	}
}

func TestETagCompressionAndAssets(t *testing.T) {
	srv := testutil.Server(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
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
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testutil.Server(t, cfg)
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
		mustContain(t, "sitemap", sm.body, "<loc>http://localhost:8000/</loc>", `xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
		rb := do(t, srv, "GET", "/robots.txt")
		mustContain(t, "robots", rb.body, "Sitemap: http://localhost:8000/sitemap.xml", "Disallow: /admin")
	})
}

func TestHealthAndReadiness(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testutil.Server(t, cfg)
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
	srv := testutil.Server(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	for _, next := range []string{"/%09/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example"} {
		r := do(t, srv, "GET", "/prefs?lang=en&next="+next)
		if r.status != 303 || r.header.Get("Location") != "/" {
			t.Errorf("next=%s: %d → %q", next, r.status, r.header.Get("Location"))
		}
	}
}
