package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// hostile is text that costs the most on a page: characters HTML escapes into five bytes,
// and Hangul, three bytes each.
func hostile(n int) string {
	var b strings.Builder
	for i := range n {
		if i%2 == 0 {
			b.WriteString("&")
		} else {
			b.WriteString("한")
		}
	}
	return b.String()
}

// store puts sections and links on a card directly, past the editor: what a card held
// before its bounds, or a restored file.
func store(t testing.TB, srv *server.Server, cardID int64, sections []*models.Section, links []*models.Link) {
	t.Helper()
	ctx := context.Background()
	err := srv.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := models.AppendContent(ctx, tx, cardID, 1000, 1000, sections, links); err != nil {
			return err
		}
		return models.TouchCard(ctx, tx, cardID, time.Now().UTC())
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Cache.Purge()
}

// fillToTheBounds gives card id everything its bounds allow, in the costliest text:
// every profile field at its length, 30 sections holding 500 items (the first five full),
// 50 links, and the card's text at 100,000 characters.
func fillToTheBounds(t testing.TB, srv *server.Server, owner services.Actor, id int64) {
	t.Helper()
	ctx := context.Background()
	profile := map[string]string{}
	for name, r := range validate.CardProfile() {
		switch name {
		case "email":
			profile[name] = strings.Repeat("a", 60) + "@example.com"
		case "site":
			profile[name] = "https://example.com/" + strings.Repeat("a", 400)
		default:
			profile[name] = hostile(r.MaxLen)
		}
	}
	if err := srv.Cards.UpdateProfile(ctx, owner, id, profile); err != nil {
		t.Fatal(err)
	}
	card, err := srv.Cards.Editable(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	text := 0
	for _, v := range profile {
		text += len([]rune(v))
	}
	var links []*models.Link
	for i := range validate.MaxLinks {
		l := &models.Link{Kind: "website", Label: hostile(40), LabelEn: hostile(40), URL: fmt.Sprintf("https://example.com/%02d/", i) + strings.Repeat("p", 30)}
		text += 80 + len(l.URL)
		links = append(links, l)
	}
	var sections []*models.Section
	const itemURL = "https://example.com/x"
	perItem := (validate.MaxCardText - text - validate.MaxSections*40 - validate.MaxCardItems*len(itemURL)) / validate.MaxCardItems
	items := 0
	for i := range validate.MaxSections {
		// Work, whose items show every field (skills show a title and a bar).
		s := &models.Section{Kind: "work", Title: hostile(20), TitleEn: hostile(20)}
		n := (validate.MaxCardItems - 5*validate.MaxSectionItems) / (validate.MaxSections - 5)
		if i < 5 {
			n = validate.MaxSectionItems
		}
		for range n {
			pct := 90
			s.Items = append(s.Items, &models.Item{Title: hostile(perItem / 4), Subtitle: hostile(perItem / 4), Detail: hostile(perItem / 4),
				DetailEn: hostile(perItem / 4), Percent: &pct, URL: itemURL})
			items++
		}
		sections = append(sections, s)
	}
	if items != validate.MaxCardItems || len(card.Sections) != 0 {
		t.Fatalf("%d items, %d sections before", items, len(card.Sections))
	}
	store(t, srv, id, sections, links)
	full, err := srv.Cards.Editable(ctx, owner, id)
	if err != nil {
		t.Fatal(err)
	}
	if problems := services.ImportLimits(full, nil, false); len(problems) > 0 {
		t.Fatalf("the card built at the bounds is past them: %+v", problems)
	}
}

// A card at every bound renders a page under 1 MB, in each language, as a page and as
// the htmx fragment.
func TestACardAtItsBoundsRendersUnderAMegabyte(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	alice := services.Actor{ID: f.aliceID}
	card, err := f.srv.Cards.Create(context.Background(), alice, map[string]string{"slug": "full", "name_ko": "가득"})
	if err != nil {
		t.Fatal(err)
	}
	fillToTheBounds(t, f.srv, alice, card.ID)
	if err := f.srv.Cards.UpdateSettings(context.Background(), alice, card.ID, map[string]string{"slug": "full", "published": "on"}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"ko", "en"} {
		for _, hx := range []string{"", "true"} {
			r := do(t, f.srv, "GET", "/c/full?lang="+lang, "HX-Request", hx)
			if n := strings.Count(r.body, `<li class="entry">`); r.status != 200 || n != validate.MaxCardItems {
				t.Fatalf("%s %q: %d, %d items", lang, hx, r.status, n)
			}
			if len(r.body) >= validate.MaxPageBytes {
				t.Errorf("%s %q: the page is %d bytes, bound %d", lang, hx, len(r.body), validate.MaxPageBytes)
			}
			t.Logf("%s fragment=%q: %d bytes", lang, hx, len(r.body))
		}
	}
}

// A card stored past its bounds (the probe's 100,000 items came from five imports, before
// there were bounds) is drawn as far as its bounds go: its page stays under 1 MB, with no
// more than 100 items a section, and cv.pdf and og.png answer.
func TestACardStoredPastItsBoundsDrawsBounded(t *testing.T) {
	testutil.ForEachDBInTurn(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		var sections []*models.Section
		for i := range 40 {
			s := &models.Section{Kind: "work", Title: fmt.Sprintf("section-%02d", i)}
			n := 3
			if i == 0 {
				n = 1500
			}
			for j := range n {
				s.Items = append(s.Items, &models.Item{Title: fmt.Sprintf("item-%02d-%04d", i, j), Detail: hostile(3000)})
			}
			sections = append(sections, s)
		}
		store(t, f.srv, f.cardID, sections, nil)
		// Read for a visitor, the card comes from the database no larger than its bounds.
		read, err := models.PublishedCardBySlug(context.Background(), f.srv.DB, "alice")
		if err != nil {
			t.Fatal(err)
		}
		items := 0
		for _, s := range read.Sections {
			items += len(s.Items)
		}
		if len(read.Sections) > validate.MaxSections || items > validate.MaxCardItems {
			t.Errorf("a visitor's read of the card holds %d sections and %d items", len(read.Sections), items)
		}
		r := do(t, f.srv, "GET", "/c/alice")
		if r.status != 200 || len(r.body) >= validate.MaxPageBytes {
			t.Fatalf("the page: %d, %d bytes", r.status, len(r.body))
		}
		if n := strings.Count(r.body, "item-00-"); n > validate.MaxSectionItems {
			t.Errorf("the first section shows %d items, bound %d", n, validate.MaxSectionItems)
		}
		if strings.Contains(r.body, "section-35") {
			t.Error("a section past the 30th is shown")
		}
		for _, path := range []string{"/c/alice/cv.pdf", "/c/alice/og.png", "/c/alice/vcard.vcf", "/c/alice/resume.json"} {
			var r response
			added, _ := heapGrowth(func() { r = do(t, f.srv, "GET", path) })
			if r.status != 200 {
				t.Errorf("%s: %d", path, r.status)
			}
			t.Logf("%s: the heap grew by %.1f MB at most", path, float64(added)/(1<<20))
			if added >= 50<<20 {
				t.Errorf("%s grew the heap by %.1f MB", path, float64(added)/(1<<20))
			}
		}
	})
}

// The editor refuses what would take a card past a bound, with the reason on the form's
// field, in Korean and in English; what is under the bound is saved.
func TestTheEditorHoldsACardToItsBounds(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		ctx := context.Background()
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		card := "/admin/cards/" + itoa(f.cardID)
		alice.get(card)
		// The fixture's card has one section (two items) and one link: fill each count to
		// one short of its bound.
		var sections []*models.Section
		for i := range validate.MaxSections - 2 {
			s := &models.Section{Kind: "work", Title: fmt.Sprint("s", i)}
			if i == 0 {
				for j := range validate.MaxSectionItems - 1 {
					s.Items = append(s.Items, &models.Item{Title: fmt.Sprint("i", j)})
				}
			}
			sections = append(sections, s)
		}
		var links []*models.Link
		for i := range validate.MaxLinks - 2 {
			links = append(links, &models.Link{Kind: "website", URL: fmt.Sprint("https://example.com/", i)})
		}
		store(t, f.srv, f.cardID, sections, links)
		full, err := f.srv.Cards.Editable(ctx, services.Actor{ID: f.aliceID}, f.cardID)
		if err != nil {
			t.Fatal(err)
		}
		crowded := itoa(full.Sections[1].ID)

		for _, step := range []struct {
			name, path, field string
			form              url.Values
			ko, en            string
		}{
			{"section", card + "/sections", "new-section-title", url.Values{"kind": {"work"}, "title": {"하나 더"}}, "카드에는 섹션을 30개까지 둘 수 있습니다.", "A card holds at most 30 sections."},
			{"item", "/admin/sections/" + crowded + "/items", "new-item-" + crowded + "-title", url.Values{"title": {"하나 더"}}, "섹션 하나에는 항목을 100개까지 둘 수 있습니다.", "A section holds at most 100 items."},
			{"link", card + "/links", "new-link-url", url.Values{"kind": {"website"}, "url": {"https://example.org/more"}}, "카드에는 링크를 50개까지 둘 수 있습니다.", "A card holds at most 50 links."},
		} {
			// The last one under the bound is saved.
			if r := alice.post(step.path, step.form); r.status != 303 {
				t.Fatalf("%s at the bound: %d %.300s", step.name, r.status, r.body)
			}
			for lang, want := range map[string]string{"ko": step.ko, "en": step.en} {
				alice.cookies["lang"] = lang
				r := alice.post(step.path, step.form)
				if r.status != 422 || !strings.Contains(html.UnescapeString(r.body), `id="`+step.field+`-error" aria-live="polite">`+want) {
					t.Errorf("%s past the bound (%s): %d, want 422 with %q on %s", step.name, lang, r.status, want, step.field)
				}
				// The same through htmx: the editor swapped in place with the error.
				if r := alice.post(step.path, step.form, "HX-Request", "true"); r.status != 200 || !strings.Contains(html.UnescapeString(r.body), want) {
					t.Errorf("%s past the bound (%s, htmx): %d", step.name, lang, r.status)
				}
			}
			delete(alice.cookies, "lang")
		}
		after, err := f.srv.Cards.Editable(ctx, services.Actor{ID: f.aliceID}, f.cardID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after.Sections) != validate.MaxSections || len(after.Sections[1].Items) != validate.MaxSectionItems || len(after.Links) != validate.MaxLinks {
			t.Errorf("stored: %d sections, %d items, %d links", len(after.Sections), len(after.Sections[1].Items), len(after.Links))
		}

		// Text: with the card's text near its bound, a long detail is refused on the
		// detail field, and a short one is saved.
		var filler []*models.Item
		for range 44 {
			filler = append(filler, &models.Item{Title: "t", Detail: strings.Repeat("가", 2000), DetailEn: strings.Repeat("a", 200)})
		}
		if err := f.srv.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			if _, err := tx.NewDelete().Model((*models.Item)(nil)).Where("section_id = ?", after.Sections[1].ID).Exec(ctx); err != nil {
				return err
			}
			return models.AppendContent(ctx, tx, f.cardID, 5000, 5000, []*models.Section{{Kind: "awards", Title: "filler", Items: filler}}, nil)
		}); err != nil {
			t.Fatal(err)
		}
		// That made 31 sections, which the editor may not add to but may still edit.
		long := url.Values{"title": {"긴 글"}, "detail": {strings.Repeat("나", 2000)}}
		r := alice.post("/admin/items/"+itoa(f.itemID), long)
		if r.status != 422 || !strings.Contains(html.UnescapeString(r.body), `id="item-`+itoa(f.itemID)+`-detail-error" aria-live="polite">카드 전체의 글은 100000자까지입니다`) {
			t.Errorf("a detail past the card's text: %d", r.status)
		}
		if r := alice.post("/admin/items/"+itoa(f.itemID), url.Values{"title": {"짧은 글"}, "detail": {"짧게"}}); r.status != 303 {
			t.Errorf("a short detail on a full card: %d", r.status)
		}
	})
}

// multipartImport posts a JSON Resume file to path (the editor's import preview) with mode.
func multipartImport(t *testing.T, c *client, path, mode string, file []byte) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf) //nolint:errcheck // a bytes.Buffer
	w.WriteField("mode", mode)    //nolint:errcheck
	fw, _ := w.CreateFormFile("resume_json", "resume.json")
	fw.Write(file) //nolint:errcheck
	w.Close()      //nolint:errcheck
	req := httptest.NewRequest("POST", path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

func resumeJSON(t *testing.T, doc map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// An import gets the editor's bounds: a file whose summary is one character longer than
// the editor allows makes no card, and one at the length does; a file that would pass a
// count is refused in the preview, which says where, and by its apply, and nothing of it
// is stored.
func TestImportIsHeldToTheEditorsBounds(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		alice.get("/admin")
		summary := validate.CardProfile()["summary"].MaxLen
		over := importResume(t, alice, "long-summary", "", resumeJSON(t, map[string]any{"basics": map[string]any{"name": "요약", "summary": strings.Repeat("가", summary+1)}}))
		if over.status != 422 || !strings.Contains(html.UnescapeString(over.body), "소개: 1000자 이하로 입력해 주세요.") {
			t.Errorf("a summary of %d characters: %d, want 422 naming the summary", summary+1, over.status)
		}
		if taken, err := models.SlugTaken(context.Background(), f.srv.DB, "long-summary", 0); err != nil || taken {
			t.Errorf("the refused import stored a card (%v)", err)
		}
		if at := importResume(t, alice, "long-summary", "", resumeJSON(t, map[string]any{"basics": map[string]any{"name": "요약", "summary": strings.Repeat("가", summary)}})); at.status != 303 {
			t.Errorf("a summary of %d characters: %d, want 303", summary, at.status)
		}
		// A work list of 101 entries, one with a detail of 2,001 characters, for a card
		// that has a section already.
		var work []map[string]any
		for i := range validate.MaxSectionItems + 1 {
			work = append(work, map[string]any{"name": fmt.Sprint("회사 ", i)})
		}
		work[2]["summary"] = strings.Repeat("a", 2001)
		file := resumeJSON(t, map[string]any{"basics": map[string]any{"name": "많이"}, "work": work})
		card := "/admin/cards/" + itoa(f.cardID)
		alice.get(card)
		r := multipartImport(t, alice, card+"/import", "append", file)
		body := html.UnescapeString(r.body)
		if r.status != 422 || !strings.Contains(body, "섹션 1 (경력): 섹션 하나에는 항목을 100개까지 둘 수 있습니다.") ||
			!strings.Contains(body, "섹션 1 (경력), 항목 3, 내용: 2000자 이하로 입력해 주세요.") || strings.Contains(body, "/import/apply") {
			t.Errorf("the preview of a file past the bounds: %d %s", r.status, between(body, `id="import-problems"`, "</div>"))
		}
		alice.cookies["lang"] = "en"
		en := html.UnescapeString(multipartImport(t, alice, card+"/import", "append", file).body)
		if !strings.Contains(en, "Section 1 (Work): A section holds at most 100 items.") || !strings.Contains(en, "Section 1 (Work), item 3, Details: Use at most 2000 characters.") {
			t.Errorf("the English preview: %s", between(en, `id="import-problems"`, "</div>"))
		}
		delete(alice.cookies, "lang")
		if r := alice.post(card+"/import/apply", url.Values{"mode": {"append"}, "resume": {string(file)}}); r.status != 422 {
			t.Errorf("applying it anyway: %d, want 422", r.status)
		}
		after, err := f.srv.Cards.Editable(context.Background(), services.Actor{ID: f.aliceID}, f.cardID)
		if err != nil || len(after.Sections) != 1 {
			t.Errorf("after the refused import the card has %d sections (%v)", len(after.Sections), err)
		}
	})
}

// between is the part of s from the first from to the next to after it.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

// fullCard makes alice's published card "full" at every bound.
func fullCard(t testing.TB, srv *server.Server, aliceID int64) int64 {
	t.Helper()
	alice := services.Actor{ID: aliceID}
	card, err := srv.Cards.Create(context.Background(), alice, map[string]string{"slug": "full", "name_ko": "가득"})
	if err != nil {
		t.Fatal(err)
	}
	fillToTheBounds(t, srv, alice, card.ID)
	if err := srv.Cards.UpdateSettings(context.Background(), alice, card.ID, map[string]string{"slug": "full", "published": "on"}); err != nil {
		t.Fatal(err)
	}
	return card.ID
}

// heapGrowth runs fn and returns how far the heap's objects grew above where they were
// before it, read by a sampler that polls runtime/metrics while fn runs, and fn's total
// allocation. The collector runs at GOGC=10 meanwhile: at the default, the garbage the heap
// may hold before a collection is as large as the whole test process's live heap, which
// would measure the process rather than fn; at 10 the peak is what fn holds, give or take
// a tenth. (The site runs under GOMEMLIMIT, which makes its collector as eager near it.)
func heapGrowth(fn func()) (peak, allocated uint64) {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	// Each read has its own samples: the sampler and this goroutine read at once.
	read := func() (uint64, uint64) {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
		metrics.Read(sample)
		return sample[0].Value.Uint64(), sample[1].Value.Uint64()
	}
	runtime.GC()
	base, allocs := read()
	var top atomic.Uint64
	top.Store(base)
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			if v, _ := read(); v > top.Load() {
				top.Store(v)
			}
			select {
			case <-done:
				return
			default:
				runtime.Gosched()
			}
		}
	}()
	fn()
	if v, _ := read(); v > top.Load() {
		top.Store(v)
	}
	close(done)
	<-sampled
	_, after := read()
	return top.Load() - base, after - allocs
}

// The probe's cv.pdf of a 100,000-item card took the site from 240 MB to 1.45 GB. At the
// bounds, drawing the PDF (the card read, set and compressed) grows the heap by under
// 50 MB. BenchmarkCVPDFAtTheBounds times it.
func TestCVPDFAtTheBoundsDrawsInBoundedMemory(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	fullCard(t, f.srv, f.aliceID)
	var r response
	added, allocated := heapGrowth(func() { r = do(t, f.srv, "GET", "/c/full/cv.pdf") })
	if r.status != 200 || !strings.HasPrefix(r.body, "%PDF-") {
		t.Fatalf("cv.pdf: %d", r.status)
	}
	pages := strings.Count(r.body, "/Type /Page\n") + strings.Count(r.body, "/Type /Page\r") + strings.Count(r.body, "/Type /Page ")
	t.Logf("cv.pdf at the bounds: %d bytes, %d pages; the heap grew by %.1f MB at most (%.1f MB allocated in all)",
		len(r.body), pages, float64(added)/(1<<20), float64(allocated)/(1<<20))
	if added >= 50<<20 {
		t.Errorf("drawing cv.pdf at the bounds grew the heap by %.1f MB, bound 50 MB", float64(added)/(1<<20))
	}
}

// BenchmarkCVPDFAtTheBounds draws the PDF of a card at every bound, anew each time (the
// card is touched between draws, which makes a new version).
func BenchmarkCVPDFAtTheBounds(b *testing.B) {
	srv := testsite.Server(b, testutil.Config(b, "sqlite://"+b.TempDir()+"/t.db"), server.WithFastPasswordHashing())
	m, err := srv.Members.Create(context.Background(), services.Actor{ID: 1, Admin: true}, map[string]string{"login": "alice", "password": "alice-pass-1"})
	if err != nil {
		b.Fatal(err)
	}
	id := fullCard(b, srv, m.ID)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := models.TouchCard(context.Background(), srv.DB, id, time.Now().UTC()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		resp, err := srv.App.Test(httptest.NewRequest("GET", "/c/full/cv.pdf", nil), -1)
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(resp.StatusCode, err)
		}
		resp.Body.Close()
	}
}
