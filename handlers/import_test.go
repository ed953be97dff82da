package handlers_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sitecard/internal/testutil"
)

// importResume posts the dashboard's new-card form with a JSON Resume file.
func importResume(t *testing.T, c *client, slug, name string, file []byte) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"_csrf": c.csrf, "slug": slug, "name_ko": name} {
		w.WriteField(k, v) //nolint:errcheck // writes to a bytes.Buffer
	}
	fw, _ := w.CreateFormFile("resume_json", "resume.json")
	fw.Write(file) //nolint:errcheck
	w.Close()      //nolint:errcheck
	req := httptest.NewRequest("POST", "/admin/cards", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

var editorURL = regexp.MustCompile(`^/admin/cards/(\d+)$`)

// exportOf publishes the card the import made and reads its résumé.json, without meta.
func exportOf(t *testing.T, c *client, f *fixture, created response, slug string) map[string]any {
	t.Helper()
	m := editorURL.FindStringSubmatch(created.header.Get("Location"))
	if created.status != 303 || m == nil {
		t.Fatalf("import into %s: %d %q %.300s", slug, created.status, created.header.Get("Location"), created.body)
	}
	c.get(m[0])
	if r := c.post(m[0]+"/settings", url.Values{"slug": {slug}, "published": {"on"}}); r.status != 303 {
		t.Fatalf("publish %s: %d", slug, r.status)
	}
	r := do(t, f.srv, "GET", "/c/"+slug+"/resume.json")
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.body), &doc); err != nil {
		t.Fatalf("%s: %v", slug, err)
	}
	delete(doc, "meta")
	return doc
}

// A JSON Resume file makes a new card: three files in the shapes people publish (one in
// Korean, the schema's own sample with every optional list and an unknown field, a
// LinkedIn-style export) each import, and the round trip (export, import, export again)
// gives the same document apart from meta. A file that does not validate is refused with
// its problems in plain words, and nothing is stored.
func TestJSONResumeImportRoundTrips(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("admin", adminPassword)
	c.get("/admin")
	files, err := filepath.Glob("testdata/resumes/*.json")
	if err != nil || len(files) != 3 {
		t.Fatalf("%v %v", files, err)
	}
	for i, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var original map[string]any
		json.Unmarshal(raw, &original) //nolint:errcheck // the file is JSON
		name := original["basics"].(map[string]any)["name"].(string)
		slug := "import-" + string(rune('a'+i))
		first := exportOf(t, c, f, importResume(t, c, slug, name, raw), slug)
		if first["basics"].(map[string]any)["name"] != name {
			t.Errorf("%s: imported as %v", path, first["basics"])
		}
		if len(first["work"].([]any)) != len(original["work"].([]any)) {
			t.Errorf("%s: %d jobs imported of %d", path, len(first["work"].([]any)), len(original["work"].([]any)))
		}
		again, _ := json.Marshal(first)
		second := exportOf(t, c, f, importResume(t, c, slug+"-again", name, again), slug+"-again")
		a, _ := json.MarshalIndent(first, "", " ")
		b, _ := json.MarshalIndent(second, "", " ")
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the round trip changed the document:\n%s\n---\n%s", path, a, b)
		}
	}
	before := len(regexp.MustCompile(`class="card-row"`).FindAllString(c.get("/admin?q=import").body, -1))
	bad := `{"basics": {"name": "X", "email": 42}, "work": [{"name": "Y", "startDate": "last spring"}]}`
	r := importResume(t, c, "import-bad", "X", []byte(bad))
	if r.status != 422 || !strings.Contains(r.body, "경력 1: 시작일 ‘last spring’ — 2022-04 형식으로 적어 주세요") || !strings.Contains(r.body, "기본 정보: 이메일") ||
		!strings.Contains(r.body, "아무것도 저장하지 않았습니다") {
		t.Errorf("an invalid file: %d %.600s", r.status, r.body)
	}
	if after := len(regexp.MustCompile(`class="card-row"`).FindAllString(c.get("/admin?q=import").body, -1)); after != before {
		t.Errorf("an invalid file stored a card: %d cards, was %d", after, before)
	}
	if r := importResume(t, c, "import-nonjson", "X", []byte("{nope")); r.status != 422 || !strings.Contains(r.body, "JSON 파일이 아닙니다") {
		t.Errorf("a file that is not JSON: %d", r.status)
	}
}

// The editor imports a JSON Resume into an existing card: the owner sees what it brings
// and what it replaces before anything is saved, then appends or replaces.
func TestEditorImportsAfterAPreview(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	card := "/admin/cards/" + itoa(f.cardID)
	alice.get(card)
	raw, err := os.ReadFile("testdata/resumes/linkedin-export.json")
	if err != nil {
		t.Fatal(err)
	}
	sections := func() int {
		n, err := f.srv.DB.NewSelect().Table("card_sections").Where("card_id = ?", f.cardID).Count(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	before := sections()
	preview := func(mode string, file []byte) response {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		w.WriteField("_csrf", alice.csrf) //nolint:errcheck // a bytes.Buffer
		w.WriteField("mode", mode)        //nolint:errcheck
		fw, _ := w.CreateFormFile("resume_json", "resume.json")
		fw.Write(file) //nolint:errcheck
		w.Close()      //nolint:errcheck
		req := httptest.NewRequest("POST", card+"/import", &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		return alice.send(req)
	}
	r := preview("replace", raw)
	if r.status != 200 || !strings.Contains(r.body, "섹션 3개 (항목 5개)와 링크 2개를 가져옵니다") || !strings.Contains(r.body, "지금 섹션 "+strconv.Itoa(before)+"개와 링크는 지워집니다") {
		t.Fatalf("preview: %d %.400s", r.status, r.body)
	}
	if sections() != before {
		t.Fatal("the preview saved something")
	}
	if bad := preview("append", []byte(`{"basics":{"name":"X"},"work":[{"startDate":"soon"}]}`)); bad.status != 422 || !strings.Contains(bad.body, "경력 1: 시작일 ‘soon’") {
		t.Errorf("an invalid file: %d", bad.status)
	}
	// Append keeps the card's sections and adds the file's skills to the card's Skills
	// section; replace leaves only the file's.
	if r := preview("append", raw); !strings.Contains(r.body, "기술 항목 2개 → 지금 있는 ‘Skills’ 섹션에 덧붙입니다") || !strings.Contains(r.body, "프로젝트 항목 1개 → 새 섹션") {
		t.Errorf("the append preview does not say where things go: %.2000s", r.body)
	}
	if r := alice.post(card+"/import/apply", url.Values{"mode": {"append"}, "resume": {string(raw)}}); r.status != 303 {
		t.Fatalf("append: %d", r.status)
	}
	if n := sections(); n != before+2 {
		t.Errorf("after appending: %d sections, want %d (work and projects; the skills join the card's)", n, before+2)
	}
	if r := alice.post(card+"/import/apply", url.Values{"mode": {"replace"}, "resume": {string(raw)}}); r.status != 303 {
		t.Fatalf("replace: %d", r.status)
	}
	if n := sections(); n != 3 {
		t.Errorf("after replacing: %d sections, want 3", n)
	}
	if page := do(t, f.srv, "GET", "/c/alice").body; !strings.Contains(page, "Example Bank") || !strings.Contains(page, "Apache Kafka") {
		t.Error("the public card does not show the imported items")
	}
}
