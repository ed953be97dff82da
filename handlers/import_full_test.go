package handlers_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

// fullResume is a JSON Resume that uses every field of schema 1.0, written the way
// Reactive Resume and resume-cli export one: an English résumé with a Latin-letter name,
// word levels, degrees, scores, highlights and languages.
func fullResume(t *testing.T) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/resume-full/reactive-resume.json")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// cardOf reads a stored card with all its content.
func cardOf(t *testing.T, f *fixture, id int64) *models.Card {
	t.Helper()
	c, err := models.CardWithContent(t.Context(), f.srv.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sectionOf(t *testing.T, c *models.Card, kind string) *models.Section {
	t.Helper()
	var found *models.Section
	for _, s := range c.Sections {
		if s.Kind == kind {
			if found != nil {
				t.Errorf("two %s sections on the card", kind)
			}
			found = s
		}
	}
	if found == nil {
		t.Fatalf("no %s section: %+v", kind, c.Sections)
	}
	return found
}

var createdURL = regexp.MustCompile(`^/admin/cards/(\d+)(?:\?dotted=\d+)?$`)

func createdID(t *testing.T, r response) int64 {
	t.Helper()
	m := createdURL.FindStringSubmatch(r.header.Get("Location"))
	if r.status != 303 || m == nil {
		t.Fatalf("import: %d %q %.600s", r.status, r.header.Get("Location"), r.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// A full real-world file makes a new card with every field where it belongs: the Latin
// name, label and summary in the English fields (the Korean name from the form), degrees
// and scores, highlights, word levels, languages, profiles by their service; the card, its
// English page and the editor show them.
func TestFullJSONResumeImportsIntoANewCard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("admin", adminPassword)
		c.get("/admin")
		id := createdID(t, importResume(t, c, "seoyun", "박서윤", fullResume(t)))
		card := cardOf(t, f, id)
		for name, got := range map[string][2]string{
			"name_ko": {card.NameKo, "박서윤"}, "name_en": {card.NameEn, "Seoyun Park"},
			"job_title": {card.JobTitle, ""}, "job_title_en": {card.JobTitleEn, "Senior Platform Engineer"},
			"summary": {card.Summary, ""}, "email": {card.Email, "seoyun@example.com"}, "phone": {card.Phone, "+82 10-1234-5678"},
			"site": {card.Site, "https://seoyun.example.com"},
		} {
			if got[0] != got[1] {
				t.Errorf("%s = %q, want %q", name, got[0], got[1])
			}
		}
		if !strings.HasPrefix(card.SummaryEn, "Platform engineer who builds") {
			t.Errorf("summary_en = %q", card.SummaryEn)
		}
		work := sectionOf(t, card, models.SectionWork)
		if len(work.Items) != 2 || work.Items[0].Title != "Toss Payments" || work.Items[0].Subtitle != "Senior Platform Engineer" ||
			work.Items[0].Period != "2022-04 –" || work.Items[0].URL != "https://tosspayments.com" ||
			work.Items[0].Detail != "Runs the settlement platform.\n• Cut settlement time from 6 h to 40 min\n• Led the move to Kafka" ||
			work.Items[1].Period != "2018-03-01 – 2022-03-31" {
			t.Errorf("work: %+v", work.Items[0])
		}
		edu := sectionOf(t, card, models.SectionEducation)
		if len(edu.Items) != 2 || edu.Items[0].Title != "KAIST" || edu.Items[0].Subtitle != "Computer Science" || edu.Items[0].Degree != "Master" ||
			edu.Items[0].Score != "4.1/4.3" || edu.Items[0].Period != "2016-03 – 2018-02" ||
			edu.Items[0].Detail != "• CS500 Design and Analysis of Algorithms\n• CS530 Operating Systems" || edu.Items[1].Degree != "Bachelor" {
			t.Errorf("education: %+v", edu.Items[0])
		}
		skills := sectionOf(t, card, models.SectionSkills)
		if len(skills.Items) != 3 || skills.Items[0].Percent != nil || skills.Items[0].Subtitle != "Master" ||
			skills.Items[2].Percent == nil || *skills.Items[2].Percent != 80 {
			t.Errorf("skills: %+v %+v", skills.Items[0], skills.Items[2])
		}
		langs := sectionOf(t, card, models.SectionLanguages)
		if len(langs.Items) != 3 || langs.Items[0].Title != "Korean" || langs.Items[0].Subtitle != "Native speaker" || langs.Items[2].Title != "Français" {
			t.Errorf("languages: %+v", langs.Items)
		}
		lic := sectionOf(t, card, models.SectionLicense)
		if it := lic.Items[0]; it.Title != "Certified Kubernetes Administrator" || it.Subtitle != "CNCF" || it.Period != "2020-06-15" || it.URL == "" {
			t.Errorf("certificate: %+v", it)
		}
		aw := sectionOf(t, card, models.SectionAwards)
		if it := aw.Items[0]; it.Title != "Engineer of the Year" || it.Subtitle != "Toss" || it.Period != "2023-12-01" || it.Detail != "For the settlement rewrite" {
			t.Errorf("award: %+v", it)
		}
		pr := sectionOf(t, card, models.SectionProjects)
		if it := pr.Items[0]; it.Title != "ledger-check" || it.Subtitle != "An open-source double-entry checker" ||
			it.Detail != "• Used by three banks\n• 2,000 GitHub stars" || it.Period != "2021-01 – 2022-12" {
			t.Errorf("project: %+v", it)
		}
		kinds := map[string]string{}
		for _, l := range card.Links {
			kinds[l.URL] = l.Kind
		}
		if kinds["https://github.com/seoyun"] != "github" || kinds["https://www.linkedin.com/in/seoyunpark"] != "linkedin" || len(kinds) != 3 {
			t.Errorf("links: %v", kinds)
		}

		// What the owner and the visitors see.
		c.post("/admin/cards/"+itoa(id)+"/settings", url.Values{"slug": {"seoyun"}, "published": {"on"}})
		ko := do(t, f.srv, "GET", "/c/seoyun?lang=ko").body
		mustContain(t, "Korean page", ko, "박서윤", "Seoyun Park", "Senior Platform Engineer", "Platform engineer who builds",
			`<span class="entry-degree">Master</span> · Computer Science`, "성적 4.1/4.3", `<span class="skill-level">Master</span>`,
			"• Led the move to Kafka", `<h2>언어</h2>`, "Native speaker")
		if strings.Contains(ko, `aria-label="Go 0%"`) {
			t.Error("a skill with a word level is drawn as a 0% bar")
		}
		if strings.Contains(do(t, f.srv, "GET", "/c/alice?lang=ko").body, "knowsLanguage") {
			t.Error("a card with no languages section claims languages in its JSON-LD")
		}
		mustContain(t, "JSON-LD", ko, `"knowsLanguage":["Korean","English","Français"]`)
		en := do(t, f.srv, "GET", "/c/seoyun?lang=en").body
		mustContain(t, "English page", en, `<span class="p-name" itemprop="name">Seoyun Park</span>`, "Score 4.1/4.3", "<h2>Languages</h2>")
		editor := c.get("/admin/cards/" + itoa(id)).body
		mustContain(t, "editor", editor, "GitHub <span class=\"muted\">https://github.com/seoyun", "LinkedIn <span class=\"muted\">", "Mastodon <span class=\"muted\">",
			`name="degree"`, `value="4.1/4.3"`)
		if strings.Contains(editor, "웹사이트 <span class=\"muted\">https://github.com") {
			t.Error("the editor calls a GitHub profile 웹사이트")
		}

		// The export gives back what came in, and nothing invented.
		var doc map[string]any
		if err := json.Unmarshal([]byte(do(t, f.srv, "GET", "/c/seoyun/resume.json?lang=en").body), &doc); err != nil {
			t.Fatal(err)
		}
		b := doc["basics"].(map[string]any)
		if b["name"] != "Seoyun Park" || b["label"] != "Senior Platform Engineer" {
			t.Errorf("basics: %v", b)
		}
		languages, _ := json.Marshal(doc["languages"])
		if string(languages) != `[{"fluency":"Native speaker","language":"Korean"},{"fluency":"Fluent","language":"English"},{"fluency":"Intermediate","language":"Français"}]` {
			t.Errorf("languages exported: %s", languages)
		}
		edu0 := doc["education"].([]any)[0].(map[string]any)
		if edu0["studyType"] != "Master" || edu0["score"] != "4.1/4.3" || len(edu0["courses"].([]any)) != 2 {
			t.Errorf("education exported: %v", edu0)
		}
		work0 := doc["work"].([]any)[0].(map[string]any)
		if len(work0["highlights"].([]any)) != 2 || work0["summary"] != "Runs the settlement platform." {
			t.Errorf("work exported: %v", work0)
		}
		if sk := doc["skills"].([]any)[0].(map[string]any); sk["level"] != "Master" {
			t.Errorf("skill exported: %v", sk)
		}
	})
}

// A card with no languages section claims no language in its résumé.
func TestResumeJSONInventsNoLanguage(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	for _, lang := range []string{"ko", "en"} {
		var doc map[string]any
		if err := json.Unmarshal([]byte(do(t, f.srv, "GET", "/c/alice/resume.json?lang="+lang).body), &doc); err != nil {
			t.Fatal(err)
		}
		if l := doc["languages"].([]any); len(l) != 0 {
			t.Errorf("%s: alice's card claims %v", lang, l)
		}
	}
}

// editorImport posts the editor's import preview.
func editorImport(t *testing.T, c *client, cardID int64, mode string, file []byte) response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", c.csrf) //nolint:errcheck // a bytes.Buffer
	w.WriteField("mode", mode)    //nolint:errcheck
	fw, _ := w.CreateFormFile("resume_json", "resume.json")
	fw.Write(file) //nolint:errcheck
	w.Close()      //nolint:errcheck
	req := httptest.NewRequest("POST", "/admin/cards/"+itoa(cardID)+"/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.send(req)
}

// Into an existing card, append adds each list to the card's section of its kind (never
// a second 수상 or 프로젝트 box), and the preview says so; replace leaves exactly the
// file's sections. The profile stays as the owner wrote it.
func TestFullJSONResumeImportsIntoAnExistingCard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		ctx, owner := t.Context(), services.Actor{ID: f.aliceID}
		for _, kind := range []string{"awards", "projects"} {
			if err := f.srv.Cards.AddSection(ctx, owner, f.cardID, map[string]string{"kind": kind, "title": map[string]string{"awards": "수상", "projects": "프로젝트"}[kind]}); err != nil {
				t.Fatal(err)
			}
		}
		before := cardOf(t, f, f.cardID)
		alice.get("/admin/cards/" + itoa(f.cardID))
		raw := fullResume(t)
		r := editorImport(t, alice, f.cardID, "append", raw)
		mustContain(t, "append preview", r.body, "수상 항목 1개 → 지금 있는 ‘수상’ 섹션에 덧붙입니다", "프로젝트 항목 1개 → 지금 있는 ‘프로젝트’ 섹션에 덧붙입니다",
			"기술 항목 3개 → 지금 있는 ‘Skills’ 섹션에 덧붙입니다", "경력 항목 2개 → 새 섹션", "언어 항목 3개 → 새 섹션")
		if r := alice.post("/admin/cards/"+itoa(f.cardID)+"/import/apply", url.Values{"mode": {"append"}, "resume": {string(raw)}}); r.status != 303 {
			t.Fatalf("append: %d", r.status)
		}
		after := cardOf(t, f, f.cardID)
		if after.NameKo != before.NameKo || after.NameEn != before.NameEn {
			t.Errorf("append changed the profile: %q %q", after.NameKo, after.NameEn)
		}
		if n := len(after.Sections); n != len(before.Sections)+4 {
			t.Errorf("%d sections after appending, want %d (work, education, licences, languages new)", n, len(before.Sections)+4)
		}
		skills := sectionOf(t, after, models.SectionSkills)
		if len(skills.Items) != 5 || skills.Items[0].Title != "Go" || skills.Items[0].Percent == nil || skills.Items[3].Title != "Kafka" ||
			skills.Items[3].Subtitle != "Advanced" || skills.Items[2].Position <= skills.Items[1].Position {
			t.Errorf("skills after appending: %d items, %+v", len(skills.Items), skills.Items)
		}
		if aw := sectionOf(t, after, models.SectionAwards); len(aw.Items) != 1 || aw.Items[0].Title != "Engineer of the Year" {
			t.Errorf("awards after appending: %+v", aw.Items)
		}
		if edu := sectionOf(t, after, models.SectionEducation); edu.Items[0].Degree != "Master" || edu.Items[0].Score != "4.1/4.3" {
			t.Errorf("education after appending: %+v", edu.Items[0])
		}
		// Appending again adds to the same boxes.
		alice.post("/admin/cards/"+itoa(f.cardID)+"/import/apply", url.Values{"mode": {"append"}, "resume": {string(raw)}})
		twice := cardOf(t, f, f.cardID)
		if len(twice.Sections) != len(after.Sections) || len(sectionOf(t, twice, models.SectionAwards).Items) != 2 {
			t.Errorf("a second append made %d sections (was %d)", len(twice.Sections), len(after.Sections))
		}

		r = editorImport(t, alice, f.cardID, "replace", raw)
		mustContain(t, "replace preview", r.body, "수상 항목 1개 → 새 섹션", "지금 섹션 7개와 링크는 지워집니다")
		if r := alice.post("/admin/cards/"+itoa(f.cardID)+"/import/apply", url.Values{"mode": {"replace"}, "resume": {string(raw)}}); r.status != 303 {
			t.Fatalf("replace: %d", r.status)
		}
		replaced := cardOf(t, f, f.cardID)
		var kinds []string
		for _, s := range replaced.Sections {
			kinds = append(kinds, s.Kind+":"+strconv.Itoa(len(s.Items)))
		}
		if got := strings.Join(kinds, " "); got != "skills:3 license:1 work:2 education:2 awards:1 projects:1 languages:3" {
			t.Errorf("after replacing: %s", got)
		}
		if len(replaced.Links) != 3 || replaced.NameKo != "앨리스" {
			t.Errorf("after replacing: %d links, name %q", len(replaced.Links), replaced.NameKo)
		}
	})
}

// A card that uses every field the card has makes a résumé that, imported into a new
// card and exported again, is the same document apart from meta, in both languages, and
// every export validates against the vendored schema.
func TestEveryFieldRoundTrips(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	schema := resumeSchema(t)
	ctx, admin := t.Context(), services.Actor{ID: f.adminID}
	p := func(n int) *int { return &n }
	full := &models.Card{NameEn: "Seoyun Park", JobTitle: "플랫폼 엔지니어", JobTitleEn: "Platform Engineer", Email: "seoyun@example.com",
		Phone: "010-1234-5678", Site: "https://seoyun.example.com", Summary: "결제 시스템을 만듭니다.", SummaryEn: "I build payment systems.",
		Sections: []*models.Section{
			{Kind: models.SectionSkills, Items: []*models.Item{{Title: "Go", Percent: p(90)}, {Title: "Kafka", Subtitle: "Advanced", SubtitleEn: "Advanced"}}},
			{Kind: models.SectionLicense, Items: []*models.Item{{Title: "정보처리기사", TitleEn: "Engineer Information Processing", Subtitle: "한국산업인력공단",
				SubtitleEn: "HRDK", Period: "2020-06", URL: "https://www.q-net.or.kr"}}},
			{Kind: models.SectionWork, Items: []*models.Item{{Title: "토스페이먼츠", TitleEn: "Toss Payments", Subtitle: "시니어 엔지니어", SubtitleEn: "Senior Engineer",
				Period: "2022.04 –", URL: "https://tosspayments.com", Detail: "정산 플랫폼 담당\n• 정산 시간 6시간 → 40분", DetailEn: "Runs settlement\n• Settlement from 6 h to 40 min"}}},
			{Kind: models.SectionEducation, Items: []*models.Item{{Title: "카이스트", TitleEn: "KAIST", Subtitle: "전산학", SubtitleEn: "Computer Science",
				Degree: "석사", DegreeEn: "Master", Score: "4.1/4.3", Period: "2016.03 – 2018.02", URL: "https://kaist.ac.kr", Detail: "• 알고리즘", DetailEn: "• Algorithms"}}},
			{Kind: models.SectionAwards, Items: []*models.Item{{Title: "올해의 엔지니어", TitleEn: "Engineer of the Year", Subtitle: "토스", SubtitleEn: "Toss",
				Period: "2023-12", Detail: "정산 재작성", DetailEn: "For the rewrite", URL: "https://example.com/award"}}},
			{Kind: models.SectionProjects, Items: []*models.Item{{Title: "ledger-check", Subtitle: "복식부기 검사기", SubtitleEn: "A double-entry checker",
				Period: "2021 – 2022", URL: "https://github.com/seoyun/ledger-check", Detail: "오픈 소스\n• 은행 세 곳이 씀", DetailEn: "Open source\n• Used by three banks"}}},
			{Kind: models.SectionLanguages, Items: []*models.Item{{Title: "한국어", TitleEn: "Korean", Subtitle: "모국어", SubtitleEn: "Native speaker"},
				{Title: "영어", TitleEn: "English", Subtitle: "업무 가능", SubtitleEn: "Professional"}}},
		},
		Links: []*models.Link{{Kind: "github", URL: "https://github.com/seoyun"}, {Kind: "website", Label: "블로그", LabelEn: "Blog", URL: "https://blog.example.com"}},
	}
	card, err := f.srv.Cards.Import(ctx, admin, map[string]string{"slug": "every", "name_ko": "박서윤"}, full)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Cards.UpdateSettings(ctx, admin, card.ID, map[string]string{"slug": "every", "published": "on"}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, f.srv)
	c.login("admin", adminPassword)
	c.get("/admin")
	export := func(slug, lang string) (map[string]any, string) {
		t.Helper()
		body := do(t, f.srv, "GET", "/c/"+slug+"/resume.json?lang="+lang).body
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s %s: the résumé does not validate: %v", slug, lang, err)
		}
		var m map[string]any
		json.Unmarshal([]byte(body), &m) //nolint:errcheck // validated above
		delete(m, "meta")
		return m, body
	}
	for _, lang := range []string{"ko", "en"} {
		first, body := export("every", lang)
		for _, want := range []string{`"studyType"`, `"score": "4.1/4.3"`, `"highlights"`, `"level": "Advanced"`, `"level": "90%"`, `"courses"`, `"fluency"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the export lacks %s", lang, want)
			}
		}
		again, _ := json.Marshal(first)
		slug := "every-" + lang
		id := createdID(t, importResume(t, c, slug, "박서윤", again))
		c.post("/admin/cards/"+itoa(id)+"/settings", url.Values{"slug": {slug}, "published": {"on"}})
		second, _ := export(slug, lang)
		a, _ := json.MarshalIndent(first, "", " ")
		b, _ := json.MarshalIndent(second, "", " ")
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the round trip changed the document:\n%s\n---\n%s", lang, a, b)
		}
	}
}

// Refusals are in the owner's language and say how to write the value; dotted dates are
// read as ISO dates, and the preview says so.
func TestImportSpeaksTheOwnersLanguage(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	alice.get("/admin/cards/" + itoa(f.cardID))
	bad := []byte(`{"basics":{"name":"X"},"work":[{"name":"A","startDate":"2022/04"},{"name":"B","startDate":"April 2022"}],"education":[{"institution":"C","courses":"Algorithms"}]}`)
	r := editorImport(t, alice, f.cardID, "append", bad)
	if r.status != 422 {
		t.Fatalf("refused: %d", r.status)
	}
	mustContain(t, "Korean refusal", r.body, "경력 1: 시작일 ‘2022/04’ — 2022-04 형식으로 적어 주세요", "경력 2: 시작일 ‘April 2022’ — 2022-04 형식으로 적어 주세요",
		"학력 1: 수강 과목 — 목록(으)로 적어 주세요")
	if strings.Contains(r.body, "does not match pattern") {
		t.Error("the schema's English reached the Korean page")
	}
	alice.cookies["lang"] = "en"
	r = editorImport(t, alice, f.cardID, "append", bad)
	mustContain(t, "English refusal", r.body, "Work 1: start date ‘2022/04’ — write it as 2022-04.", "Education 1: courses — it should be a list.")

	delete(alice.cookies, "lang")
	dotted := []byte(`{"basics":{"name":"박서윤"},"work":[{"name":"토스","startDate":"2022.04","endDate":"2024.1.15"}],"awards":[{"title":"상","date":"2023. 12."}]}`)
	r = editorImport(t, alice, f.cardID, "append", dotted)
	mustContain(t, "dotted preview", r.body, "점으로 쓴 날짜는 ISO 날짜로 읽습니다", "경력 1: 시작일 ‘2022.04’ → 2022-04", "경력 1: 종료일 ‘2024.1.15’ → 2024-01-15",
		"수상 1: 날짜 ‘2023. 12.’ → 2023-12")
	// A new card from the same file: no preview comes first, so the editor says it.
	admin := newClient(t, f.srv)
	admin.login("admin", adminPassword)
	admin.get("/admin")
	made := importResume(t, admin, "dotted", "박서윤", dotted)
	createdID(t, made)
	if r := admin.get(made.header.Get("Location")); !strings.Contains(r.body, "점으로 쓴 날짜 3개를 ISO 날짜(2022.04 → 2022-04)로 읽어 카드를 만들었습니다") {
		t.Errorf("the new card's editor does not say how its dates were read: %s", made.header.Get("Location"))
	}
	alice.post("/admin/cards/"+itoa(f.cardID)+"/import/apply", url.Values{"mode": {"append"}, "resume": {string(dotted)}})
	if w := sectionOf(t, cardOf(t, f, f.cardID), models.SectionWork); w.Items[0].Period != "2022-04 – 2024-01-15" {
		t.Errorf("a dotted date was stored as %q", w.Items[0].Period)
	}
}

// An address the schema refuses (an email without @, a link that is no URI, as people
// mistype them) is said in the owner's language, with the value cut short, never in the
// schema's English ("is not valid email: missing @").
func TestImportSaysABadAddressInTheOwnersLanguage(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	alice.get("/admin/cards/" + itoa(f.cardID))
	long := strings.Repeat("a", 300) + "@example.com"
	bad := []byte(`{"basics":{"name":"X","email":"seoyun.example.com","url":"https://ex ample.com"},` +
		`"work":[{"name":"A","url":"not a link"}],"awards":[{"title":"T"}],"certificates":[{"name":"C","url":"::"}],` +
		`"volunteer":[{"organization":"V","url":"http://[::1"}],"references":[{"name":"R"}],"meta":{"canonical":"%"},` +
		`"projects":[{"name":"P","url":"` + long + `"}]}`)
	r := editorImport(t, alice, f.cardID, "append", bad)
	if r.status != 422 {
		t.Fatalf("refused: %d", r.status)
	}
	mustContain(t, "Korean refusal", r.body, "기본 정보: 이메일 ‘seoyun.example.com’ — 이메일 주소로 적어 주세요")
	for _, english := range []string{"is not valid", "missing @", long} {
		if strings.Contains(r.body, english) {
			t.Errorf("the Korean page says %q", english)
		}
	}
	alice.cookies["lang"] = "en"
	r = editorImport(t, alice, f.cardID, "append", bad)
	mustContain(t, "English refusal", r.body, "Basics: email ‘seoyun.example.com’ — write it as an email address.")
	if strings.Contains(r.body, "is not valid") {
		t.Error("the English page says the schema's words")
	}
}

// Appending a JSON Resume whose profiles the card already links (the owner added GitHub in
// the editor, then imports the résumé that lists it) adds only the links the card lacks:
// the card does not show two GitHub icons. Replacing still sets the file's links.
func TestAppendKeepsOneLinkPerAddress(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		alice.get("/admin/cards/" + itoa(f.cardID))
		file := `{"basics":{"name":"Alice","profiles":[{"network":"GitHub","url":"https://github.com/alice"},` +
			`{"network":"GitLab","url":"https://gitlab.com/alice"}]}}`
		count := func() map[string]int {
			n := map[string]int{}
			for _, l := range cardOf(t, f, f.cardID).Links {
				n[l.URL]++
			}
			return n
		}
		for range 2 {
			if r := alice.post("/admin/cards/"+itoa(f.cardID)+"/import/apply", url.Values{"mode": {"append"}, "resume": {file}}); r.status != 303 {
				t.Fatalf("append: %d", r.status)
			}
		}
		for u, n := range count() {
			if n != 1 {
				t.Errorf("%s is linked %d times after two appends", u, n)
			}
		}
		if n := count(); n["https://github.com/alice"] != 1 || n["https://gitlab.com/alice"] != 1 {
			t.Errorf("links after appending: %v", n)
		}
	})
}
