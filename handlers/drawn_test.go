package handlers_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// burst sends n GETs of path at once and returns their statuses and bodies.
func burst(t *testing.T, f *fixture, n int, path string) []response {
	t.Helper()
	out := make([]response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			resp, err := f.srv.App.Test(httptest.NewRequest("GET", path, nil), -1)
			if err != nil {
				out[i] = response{status: -1, body: err.Error()}
				return
			}
			defer resp.Body.Close()
			var b strings.Builder
			buf := make([]byte, 32<<10)
			for {
				k, err := resp.Body.Read(buf)
				b.Write(buf[:k])
				if err != nil {
					break
				}
			}
			out[i] = response{status: resp.StatusCode, header: resp.Header, body: b.String()}
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// The probe's vcard.vcf decoded and scaled the photo on every request (31–36 ms of CPU
// each), and og.png was drawn by each of 20 visitors at once. Now a card's files are drawn
// once per version, whoever asks and however many at once: 100 concurrent vCards decode
// the photo once; 20 concurrent requests of each other file draw it once; an edit draws
// them again, once.
func TestCardFilesAreDrawnOncePerVersion(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword)
		card := "/admin/cards/" + itoa(f.demoCardID)
		admin.get(card)
		if r := admin.upload(card+"/photo", "photo", "me.png", pngBytes(t)); r.status != 303 {
			t.Fatalf("photo: %d", r.status)
		}
		d := f.srv.Drawn
		check := func(round string, want int64) {
			t.Helper()
			for _, r := range burst(t, f, 100, "/c/demo/vcard.vcf") {
				if r.status != 200 || !strings.Contains(r.body, "PHOTO;ENCODING=b;TYPE=JPEG:") {
					t.Fatalf("%s: vcard.vcf %d %.200s", round, r.status, r.body)
				}
			}
			if n := d.Draws(services.DrawnVCardPhoto); n != 1 {
				t.Errorf("%s: 100 vCards decoded the photo %d times, want once", round, n)
			}
			for path, kind := range map[string]services.DrawnKind{
				"/c/demo/og.png": services.DrawnShareImage, "/c/demo/cv.pdf": services.DrawnCV, "/c/demo/qr.svg?contact=1": services.DrawnQR,
				"/c/demo/resume.json": services.DrawnResumeJSON,
			} {
				before := d.Draws(kind)
				for _, r := range burst(t, f, 20, path) {
					if r.status != 200 {
						t.Fatalf("%s: %s %d", round, path, r.status)
					}
				}
				if n := d.Draws(kind) - before; n != want {
					t.Errorf("%s: 20 requests of %s drew it %d times, want %d", round, path, n, want)
				}
			}
			if n := d.Draws(services.DrawnVCard); n != want+map[string]int64{"first": 0, "after an edit": 1}[round] {
				t.Errorf("%s: %d vCards drawn in all", round, n)
			}
		}
		check("first", 1)
		// An edit makes a new version: each file is drawn again, once; the photo, which did
		// not change, is not decoded again.
		if err := f.srv.Cards.UpdateProfile(context.Background(), services.Actor{ID: f.adminID}, f.demoCardID,
			map[string]string{"name_ko": "홍길동", "job_title": "아키텍트"}); err != nil {
			t.Fatal(err)
		}
		check("after an edit", 1)
	})
}

// A card's page and its htmx fragment render at once without harm: the template engine's
// fragment renders (no layout) reset the layout function every render shares, which made
// a page rendered meanwhile fail ("call of nil function", a 500) in bench/attack's flood.
func TestPagesAndFragmentsRenderAtOnce(t *testing.T) {
	t.Parallel()
	f := &fixture{srv: publicSite(t)}
	for round := range 5 {
		f.srv.Cache.Purge()
		var wg sync.WaitGroup
		statuses := make(chan int, 80)
		for i := range 80 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := httptest.NewRequest("GET", []string{"/c/alice", "/c/demo"}[i%2]+"?lang="+[]string{"ko", "en"}[i/2%2], nil)
				if i%4 < 2 {
					req.Header.Set("HX-Request", "true")
				}
				req.Header.Set("Cookie", "theme="+[]string{"light", "dark", "auto"}[i%3])
				resp, err := f.srv.App.Test(req, -1)
				if err != nil {
					statuses <- -1
					return
				}
				resp.Body.Close()
				statuses <- resp.StatusCode
			}()
		}
		wg.Wait()
		close(statuses)
		for s := range statuses {
			if s != 200 {
				t.Fatalf("round %d: a page rendered beside others answered %d", round, s)
			}
		}
	}
}

// sitemap.xml lists up to 25,000 cards a file: it is made once per version of the cards,
// not for each of 20 robots at once, and made again after a change.
func TestTheSitemapIsMadeOncePerVersion(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	for round, want := range []int64{1, 2} {
		for _, r := range burst(t, f, 20, "/sitemap.xml") {
			if r.status != 200 || !strings.Contains(r.body, "/c/alice?lang=en") {
				t.Fatalf("sitemap: %d", r.status)
			}
		}
		if n := f.srv.Drawn.Draws(services.DrawnSitemap); n != want {
			t.Errorf("round %d: the sitemap was made %d times in all, want %d", round+1, n, want)
		}
		if err := f.srv.Cards.UpdateProfile(context.Background(), services.Actor{ID: f.aliceID}, f.cardID, map[string]string{"name_ko": "앨리스 " + itoa(int64(round))}); err != nil {
			t.Fatal(err)
		}
	}
}

// A stored file (a résumé is up to 10 MB) is read from the database once however many ask
// for it at once, and kept; a photo that was replaced is not served from memory.
func TestStoredFilesAreReadOnceAndForgottenWhenReplaced(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		card := "/admin/cards/" + itoa(f.cardID)
		c.get(card)
		photo := func() string {
			if r := c.upload(card+"/photo", "photo", "me.png", pngBytes(t)); r.status != 303 {
				t.Fatalf("photo: %d", r.status)
			}
			m := mediaSrc.FindStringSubmatch(do(t, f.srv, "GET", "/c/alice").body)
			if m == nil {
				t.Fatal("the card shows no photo")
			}
			return m[1]
		}
		old := photo()
		before := f.srv.Drawn.MediaReads()
		for _, r := range burst(t, f, 50, old) {
			if r.status != 200 || len(r.body) == 0 {
				t.Fatalf("%s: %d", old, r.status)
			}
		}
		if n := f.srv.Drawn.MediaReads() - before; n != 1 {
			t.Errorf("50 requests for a photo read it %d times, want once", n)
		}
		if fresh := photo(); fresh == old {
			t.Fatal("the new photo has the old name")
		}
		if r := do(t, f.srv, "GET", old); r.status != 404 {
			t.Errorf("the replaced photo is still served: %d", r.status)
		}
	})
}
