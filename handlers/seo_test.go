package handlers_test

import (
	"context"
	"encoding/xml"
	"testing"
	"time"

	"sitecard/internal/testutil"
)

// Past 50,000 published cards, /sitemap.xml is a sitemap index of files of 50,000 URLs
// each, as the sitemaps protocol requires; each file parses and they list every card once.
func TestSitemapSplitsPast50000URLs(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	now := time.Now().UTC()
	if _, err := f.srv.DB.ExecContext(context.Background(), `INSERT INTO cards (slug, published, created_at, updated_at)
		WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50001)
		SELECT 'bulk-' || i, 1, ?, ? FROM n`, now, now); err != nil {
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
	if len(seen) != total {
		t.Errorf("the sitemaps list %d URLs, want %d", len(seen), total)
	}
	for _, p := range []string{"/sitemap-3.xml", "/sitemap-0.xml", "/sitemap-x.xml"} {
		if r := do(t, f.srv, "GET", p); r.status != 404 {
			t.Errorf("%s: %d", p, r.status)
		}
	}
}
