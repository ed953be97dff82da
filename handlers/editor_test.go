package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/services"
)

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestEditingShowsOnThePublicCardAtOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		visitor := newClient(t, f.srv)
		if r := visitor.get("/c/alice"); !strings.Contains(r.body, "앨리스") {
			t.Fatal("public card missing")
		}
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		card := fmt.Sprintf("/admin/cards/%d", f.cardID)
		r := c.post(card+"/profile", url.Values{"name_ko": {"앨리스 킴"}, "job_title": {"디자이너"}, "site": {"https://alice.example"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("save profile: %d %.300s", r.status, r.body)
		}
		if r := visitor.get("/c/alice"); !strings.Contains(r.body, "앨리스 킴") || !strings.Contains(r.body, "디자이너") {
			t.Error("the public card did not change after saving (stale cache?)")
		}

		// Reorder: SQL moves above Go.
		page := c.get(card)
		if strings.Index(page.body, ">Go<") > strings.Index(page.body, ">SQL<") {
			t.Fatal("unexpected starting order")
		}
		c.post(fmt.Sprintf("/admin/items/%d/move", f.itemID), url.Values{"dir": {"down"}})
		pub := visitor.get("/c/alice").body
		if strings.Index(pub, ">Go<") < strings.Index(pub, ">SQL<") {
			t.Error("moving Go down did not reorder the public card")
		}

		// Hiding an item removes it from the public card but not from the editor.
		c.post(fmt.Sprintf("/admin/items/%d", f.itemID), url.Values{"title": {"Go"}, "percent": {"80"}, "hidden": {"on"}})
		if strings.Contains(visitor.get("/c/alice").body, ">Go<") {
			t.Error("a hidden item is still public")
		}
		if !strings.Contains(c.get(card).body, "Go") {
			t.Error("a hidden item vanished from the editor")
		}

		// Unpublishing takes the card down.
		c.post(card+"/settings", url.Values{"slug": {"alice"}})
		if r := visitor.get("/c/alice"); r.status != 404 {
			t.Errorf("unpublished card answers %d", r.status)
		}
	})
}

func TestEditorValidation(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	card := fmt.Sprintf("/admin/cards/%d", f.cardID)

	plain := c.post(card+"/profile", url.Values{"name_ko": {""}, "email": {"not-an-email"}, "site": {"javascript:alert(1)"}})
	if plain.status != http.StatusUnprocessableEntity {
		t.Fatalf("plain post: %d, want 422 with the page", plain.status)
	}
	mustContain(t, "plain", plain.body, "<html", "필수 항목입니다.", "올바른 이메일 주소가 아닙니다.", "http:// 또는 https://", `value="not-an-email"`)

	hx := c.post(card+"/profile", url.Values{"name_ko": {strings.Repeat("가", 101)}}, "HX-Request", "true")
	if hx.status != 200 || strings.Contains(hx.body, "<html") || !strings.Contains(hx.body, "100자 이하로") {
		t.Errorf("htmx: status %d, fragment with inline message expected", hx.status)
	}
	for slug, msg := range map[string]string{"Admin": "영문 소문자", "admin": "시스템에서 사용 중", "demo": "이미 사용 중", "-x": "영문 소문자"} {
		r := c.post(card+"/settings", url.Values{"slug": {slug}})
		if r.status != 422 || !strings.Contains(r.body, msg) {
			t.Errorf("slug %q: status %d, want 422 with %q", slug, r.status, msg)
		}
	}
	for pct, ok := range map[string]bool{"0": true, "100": true, "101": false, "-1": false, "x": false} {
		r := c.post(fmt.Sprintf("/admin/items/%d", f.itemID), url.Values{"title": {"Go"}, "percent": {pct}})
		if (r.status == http.StatusSeeOther) != ok {
			t.Errorf("percent %s: status %d", pct, r.status)
		}
	}
	if r := c.post(card+"/links", url.Values{"kind": {"github"}, "url": {"ftp://x.example"}}); r.status != 422 {
		t.Errorf("ftp link: %d, want 422", r.status)
	}
	// The new-section form sent untouched adds nothing: a kind and a title are asked for.
	before := len(c.get(card).body)
	if r := c.post(card+"/sections", url.Values{"kind": {""}, "title": {""}}, "HX-Request", "true"); r.status != 200 ||
		strings.Count(r.body, "필수 항목입니다.") < 2 {
		t.Errorf("an empty new section: %d", r.status)
	}
	if page := c.get(card).body; len(page) != before || !strings.Contains(page, `<option value="" selected>고르세요</option>`) {
		t.Error("an empty new-section form added a section, or its kind is chosen in advance")
	}
	// The rules reach the browser as attributes.
	page := c.get(card).body
	mustContain(t, "attributes", page, `name="name_ko" type="text" value="앨리스" required`, `maxlength="100"`,
		`name="email" type="email"`, `pattern="`, `name="percent" type="number"`, `min="0"`, `max="100"`, `data-msg-required="필수 항목입니다."`)
}

func TestUploads(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		card := fmt.Sprintf("/admin/cards/%d", f.cardID)
		c.get(card)

		if r := c.upload(card+"/photo", "photo", "me.png", []byte("<svg onload=alert(1)>")); r.status != 422 || !strings.Contains(r.body, "JPEG, PNG, WebP") {
			t.Errorf("non-image photo: %d", r.status)
		}
		big := append(pngBytes(t), make([]byte, 5<<20)...)
		if r := c.upload(card+"/photo", "photo", "big.png", big); r.status != 422 || !strings.Contains(r.body, "5MB 이하") {
			t.Errorf("oversize photo: %d", r.status)
		}
		if r := c.upload(card+"/resume", "resume", "cv.pdf", []byte("MZ not a pdf")); r.status != 422 || !strings.Contains(r.body, "PDF 파일만") {
			t.Errorf("fake pdf: %d", r.status)
		}
		if r := c.upload(card+"/photo", "photo", "me.png", pngBytes(t)); r.status != http.StatusSeeOther {
			t.Fatalf("good photo: %d %.300s", r.status, r.body)
		}
		if r := c.upload(card+"/resume", "resume", "cv.pdf", testutil.PDFText(t, "Experience: Acme Robotics")); r.status != http.StatusSeeOther {
			t.Fatalf("good pdf: %d %.300s", r.status, r.body)
		}
		pub := newClient(t, f.srv).get("/c/alice").body
		i := strings.Index(pub, `<img class="u-photo" src="/media/`)
		if i < 0 || !strings.Contains(pub, `download title="이력서 내려받기"`) {
			t.Fatal("photo or résumé missing on the public card")
		}
		src := pub[i+len(`<img class="u-photo" src="`) : i+len(`<img class="u-photo" src="`)+len("/media/")+36]
		if !strings.HasSuffix(src, ".png") || strings.Contains(src, "me.png") {
			t.Errorf("photo stored as %q, want a generated name", src)
		}
		m := newClient(t, f.srv).get(src)
		if m.status != 200 || m.header.Get("Content-Type") != "image/png" {
			t.Errorf("photo served with %d %q", m.status, m.header.Get("Content-Type"))
		}
		if vc := newClient(t, f.srv).get("/c/alice/vcard.vcf").body; !strings.Contains(vc, "PHOTO;ENCODING=b;TYPE=JPEG:") {
			t.Error("vCard has no photo")
		}
		// Someone else's card takes no upload.
		bob := newClient(t, f.srv)
		bob.login("bob", "bob-pass-1")
		if r := bob.upload(card+"/photo", "photo", "x.png", pngBytes(t)); r.status != http.StatusForbidden {
			t.Errorf("bob uploading to alice's card: %d", r.status)
		}
	})
}

func TestLivePreviewShowsUnsavedValues(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	card := fmt.Sprintf("/admin/cards/%d", f.cardID)
	r := c.post(card+"/preview", url.Values{"name_ko": {"미리 보는 이름"}, "job_title": {"<b>escaped</b>"}, "email": {"not-an-email"}}, "HX-Request", "true")
	if r.status != 200 || !strings.Contains(r.body, "미리 보는 이름") || !strings.Contains(r.body, "&lt;b&gt;escaped&lt;/b&gt;") || strings.Contains(r.body, "not-an-email") {
		t.Fatalf("preview: %d %.300s", r.status, r.body)
	}
	if pub := newClient(t, f.srv).get("/c/alice").body; strings.Contains(pub, "미리 보는 이름") {
		t.Error("the preview saved the card")
	}
	bob := newClient(t, f.srv)
	bob.login("bob", "bob-pass-1")
	if r := bob.post(card+"/preview", url.Values{"name_ko": {"x"}}); r.status != http.StatusForbidden {
		t.Errorf("bob previewing alice's card: %d", r.status)
	}
}

// A section titled with its kind's own name ("Skills") is named once in its heading.
func TestEditorNamesASectionOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		editor := alice.get("/admin/cards/" + itoa(k.cardID)).body
		if !strings.Contains(editor, "Skills") {
			t.Fatal("alice's Skills section is not in the editor")
		}
		if strings.Contains(editor, "Skills · ") || strings.Contains(editor, "· Skills") {
			t.Error("the editor heading repeats the section's name")
		}
	})
}

// A résumé the chatbot could never read is refused at the upload with a clear reason, and
// nothing is stored: the card keeps its résumé and no file is left behind. A scan is
// accepted, and the editor says the chatbot cannot read it.
func TestResumeUploadChecksThePDF(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		card := fmt.Sprintf("/admin/cards/%d", f.cardID)
		c.get(card)
		if r := c.upload(card+"/resume", "resume", "cv.pdf", testutil.PDFText(t, "Experience: Acme Robotics")); r.status != http.StatusSeeOther {
			t.Fatalf("good pdf: %d %.300s", r.status, r.body)
		}
		ctx := context.Background()
		before, err := f.srv.Cards.Editable(ctx, services.Actor{ID: f.aliceID}, f.cardID)
		if err != nil {
			t.Fatal(err)
		}
		uploads := func() int {
			n, err := f.srv.DB.NewSelect().Table("uploads").Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		stored := uploads()
		for _, c2 := range []struct {
			name, want string
			data       []byte
		}{
			{"no PDF inside", "읽을 수 없습니다", []byte("%PDF-1.7\nnothing a reader can use")},
			{"a password", "암호가 걸린 PDF", testutil.PDFEncrypted(t)},
			{"500 blank pages", "40쪽 이하", testutil.PDFBlankPages(t, 500)},
		} {
			t.Run(c2.name, func(t *testing.T) {
				r := c.upload(card+"/resume", "resume", "cv.pdf", c2.data)
				if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, c2.want) {
					t.Errorf("status %d, want 422 with %q", r.status, c2.want)
				}
			})
		}
		after, err := f.srv.Cards.Editable(ctx, services.Actor{ID: f.aliceID}, f.cardID)
		if err != nil {
			t.Fatal(err)
		}
		if after.ResumePath != before.ResumePath || uploads() != stored {
			t.Errorf("a refused résumé changed what is stored: %q → %q, %d → %d files", before.ResumePath, after.ResumePath, stored, uploads())
		}
		if r := c.upload(card+"/resume", "resume", "scan.pdf", testutil.PDFScan(t)); r.status != http.StatusSeeOther {
			t.Fatalf("a scan: %d", r.status)
		}
		if err := f.srv.Indexer.Index(ctx, f.cardID); err != nil {
			t.Fatal(err)
		}
		if body := c.get(card).body; !strings.Contains(body, "챗봇이 읽을 수 있는 글자가 없습니다") {
			t.Error("the editor does not say the scan has no text for the chatbot")
		}
	})
}

// While a hostile résumé is being read, the site answers: /healthz and the card page reply
// as usual, and the upload ends with a refusal or an accepted file, never a crash.
func TestSiteAnswersWhileAHostilePDFIsRead(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	card := fmt.Sprintf("/admin/cards/%d", f.cardID)
	c.get(card)
	done := make(chan int, 1)
	go func() { done <- c.upload(card+"/resume", "resume", "cv.pdf", testutil.PDFGarbageStream()).status }()
	visitor := newClient(t, f.srv)
	for answered := 0; ; answered++ {
		select {
		case status := <-done:
			if status != http.StatusSeeOther && status != http.StatusUnprocessableEntity {
				t.Errorf("the upload answered %d", status)
			}
			if answered == 0 {
				t.Log("the upload ended before the first probe")
			}
			return
		default:
		}
		for _, p := range []string{"/healthz", "/c/alice"} {
			if r := visitor.get(p); r.status != http.StatusOK {
				t.Fatalf("%s answered %d while the PDF was read", p, r.status)
			}
		}
	}
}

// PDFs that make a reader allocate without end (two billion pages, a page tree that lists
// itself) cost the site nothing: the reading's memory is the child's, and bounded there.
func TestHostilePDFsDoNotGrowTheSitesMemory(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	card := fmt.Sprintf("/admin/cards/%d", f.cardID)
	c.get(card)
	runtime.GC()
	before := rssMB(t)
	for _, pdf := range [][]byte{testutil.PDFHugeCount(), testutil.PDFSelfListingTree(), testutil.PDFHugeCount()} {
		if r := c.upload(card+"/resume", "resume", "cv.pdf", pdf); r.status >= 500 {
			t.Fatalf("upload: %d", r.status)
		}
	}
	if grew := rssMB(t) - before; grew > 50 {
		t.Errorf("the site's memory grew by %d MB reading three small hostile PDFs", grew)
	}
}

// rssMB is this process's resident memory, in megabytes.
func rssMB(t *testing.T) int {
	t.Helper()
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc here to read memory from")
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if kb, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB")))
			if err != nil {
				t.Fatal(err)
			}
			return n / 1024
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}

// Ten owners creating the same address at once: one gets it, the others a field error
// saying it is taken, on both databases; never a 500.
func TestSlugRaceIsAFieldError(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		clients := make([]*client, 10)
		for i := range clients {
			clients[i] = newClient(t, f.srv)
			clients[i].login("alice", "alice-pass-1")
			clients[i].get("/admin")
		}
		statuses := atOnce(clients, func(c *client) int {
			return c.post("/admin/cards", url.Values{"slug": {"same-slug"}, "name_ko": {"같은 주소"}}).status
		})
		if created, taken := statuses[http.StatusSeeOther], statuses[http.StatusUnprocessableEntity]; created != 1 || taken != len(clients)-1 {
			t.Errorf("statuses %v: want one 303 and the rest 422", statuses)
		}
	})
}
