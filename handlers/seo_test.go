package handlers_test

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"sitecard/internal/testutil"
)

// Past 50,000 URLs (25,000 cards in two languages), /sitemap.xml is a sitemap index of files of 50,000 URLs
// each, as the sitemaps protocol requires; each file parses and they list every card once.
func TestSitemapSplitsPast50000URLs(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	now := time.Now().UTC()
	if _, err := f.srv.DB.ExecContext(context.Background(), `INSERT INTO cards (slug, published, created_at, updated_at)
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25001)
		SELECT 'bulk-' || i, 1, ?, ? FROM n`, now, now); err != nil { // 25,001 cards, twice: one URL per language
		t.Fatal(err)
	}
	var total int
	if err := f.srv.DB.NewSelect().Table("cards").ColumnExpr("COUNT(*)").Where("published = ?", true).Scan(context.Background(), &total); err != nil {
		t.Fatal(err)
	}
	r := do(t, f.srv, "GET", "/sitemap.xml")
	var index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal([]byte(r.body), &index); err != nil {
		t.Fatalf("%d published cards: /sitemap.xml is not a sitemap index: %v %.200s", total, err, r.body)
	}
	if len(index.Sitemaps) != 2 || index.Sitemaps[1].Loc != "http://localhost:8000/sitemap-2.xml" {
		t.Fatalf("index lists %+v", index.Sitemaps)
	}
	seen := map[string]bool{}
	for _, sm := range index.Sitemaps {
		part := do(t, f.srv, "GET", sm.Loc[len("http://localhost:8000"):])
		var set struct {
			XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
			URLs    []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(part.body), &set); err != nil || len(set.URLs) > 50000 {
			t.Fatalf("%s: %d URLs, %v", sm.Loc, len(set.URLs), err)
		}
		for _, u := range set.URLs {
			if seen[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			seen[u.Loc] = true
		}
	}
	if len(seen) != 2*total {
		t.Errorf("the sitemaps list %d URLs, want %d (each card in two languages)", len(seen), 2*total)
	}
	for _, p := range []string{"/sitemap-3.xml", "/sitemap-0.xml", "/sitemap-x.xml"} {
		if r := do(t, f.srv, "GET", p); r.status != 404 {
			t.Errorf("%s: %d", p, r.status)
		}
	}
}

// Each language of a card has its own address: ?lang= wins over the cookie and
// Accept-Language, names itself canonical, lists the others as alternates, and the toggle
// links to the other language's address.
func TestCardAddressPerLanguage(t *testing.T) {
	t.Parallel()
	f := fixture{srv: publicSite(t)}
	for _, tc := range []struct {
		path, cookie, accept, want, other string
	}{
		{"/c/alice?lang=en", "lang=ko", "ko", `<html lang="en"`, "ko"},
		{"/c/alice?lang=ko", "lang=en", "en-US", `<html lang="ko"`, "en"},
		{"/c/alice", "", "en-US,en", `<html lang="en"`, "ko"},
	} {
		r := do(t, f.srv, "GET", tc.path, "Cookie", tc.cookie, "Accept-Language", tc.accept)
		lang := tc.want[len(`<html lang="`) : len(tc.want)-1]
		mustContain(t, tc.path, r.body, tc.want,
			`<link rel="canonical" href="http://localhost:8000/c/alice?lang=`+lang+`">`,
			`<link rel="alternate" hreflang="ko" href="http://localhost:8000/c/alice?lang=ko">`,
			`<link rel="alternate" hreflang="en" href="http://localhost:8000/c/alice?lang=en">`,
			`<link rel="alternate" hreflang="x-default" href="http://localhost:8000/c/alice">`,
			`id="lang-toggle" href="/c/alice?lang=`+tc.other+`"`)
	}
	// The sitemap lists both languages of each card, with their alternates.
	r := do(t, f.srv, "GET", "/sitemap.xml")
	var set struct {
		URLs []struct {
			Loc   string `xml:"loc"`
			Links []struct {
				Rel      string `xml:"rel,attr"`
				HrefLang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(r.body), &set); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, u := range set.URLs {
		if u.Loc == "http://localhost:8000/c/alice?lang=en" || u.Loc == "http://localhost:8000/c/alice?lang=ko" {
			found++
			if len(u.Links) != 3 || u.Links[1].HrefLang != "en" || u.Links[1].Href != "http://localhost:8000/c/alice?lang=en" {
				t.Errorf("%s: alternates %+v", u.Loc, u.Links)
			}
		}
	}
	if found != 2 {
		t.Errorf("the sitemap lists alice's card in %d languages, want 2: %.400s", found, r.body)
	}
}

// Requests reuse the server's buffers: a page cached for ?lang=en is never served for
// ?lang=ko, because the cache's key is not a view of a request's bytes.
func TestLanguageAddressesKeepTheirPagesApart(t *testing.T) {
	t.Parallel()
	f := fixture{srv: publicSite(t)}
	for i := range 60 {
		lang, other := []string{"en", "ko"}[i%2], []string{"ko", "en"}[i%2]
		r := do(t, f.srv, "GET", "/c/alice?lang="+lang, "Cookie", "lang="+other, "Accept-Language", other)
		if !strings.Contains(r.body, `<html lang="`+lang+`"`) {
			t.Fatalf("request %d for ?lang=%s served another language", i, lang)
		}
	}
}
