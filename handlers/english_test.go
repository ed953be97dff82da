package handlers_test

import (
	"net/url"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// Every text a visitor reads has an English version; the English view uses it and falls
// back to Korean where there is none, and the Korean view never shows English-only titles.
// vCard, OpenGraph and JSON-LD follow the language.
func TestEnglishCardIsEnglish(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		en := do(t, f.srv, "GET", "/", "Accept-Language", "en-US,en")
		mustContain(t, "English card", en.body, ">Skills<", ">Licenses<", ">Awards &amp; projects<", "Hankuk University", "Backend Engineer",
			"Designed and ran the payment", `og:description" content="A developer who builds web services in Go.`, `"jobTitle":"Backend Developer"`)
		ko := do(t, f.srv, "GET", "/")
		mustContain(t, "Korean card", ko.body, ">기술<", ">자격증<", "한국대학교", "백엔드 엔지니어", "결제·알림 API")
		for _, english := range []string{">Skills<", ">License<", ">Licenses<", "Hankuk University", "Backend Engineer"} {
			if strings.Contains(ko.body, english) {
				t.Errorf("the Korean card shows %q", english)
			}
		}
		if v := do(t, f.srv, "GET", "/c/demo/vcard.vcf", "Accept-Language", "en"); !strings.Contains(v.body, "FN:Gildong Hong") ||
			!strings.Contains(v.body, "TITLE:Backend Developer") || !strings.Contains(v.body, "NICKNAME:홍길동") {
			t.Errorf("English vCard:\n%s", v.body)
		}
		if v := do(t, f.srv, "GET", "/c/demo/vcard.vcf"); !strings.Contains(v.body, "FN:홍길동") || !strings.Contains(v.body, "TITLE:백엔드 개발자") {
			t.Errorf("Korean vCard:\n%s", v.body)
		}

		// The owner writes both versions in the editor; an empty English one falls back.
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
		en = do(t, f.srv, "GET", "/c/alice", "Accept-Language", "en")
		mustContain(t, "alice in English", en.body, ">Main skills<", ">고 언어<", `title="My GitHub"`)
		ko = do(t, f.srv, "GET", "/c/alice")
		mustContain(t, "alice in Korean", ko.body, ">주요 기술<", `title="깃허브"`)
		editor := alice.get("/admin/cards/" + itoa(f.cardID)).body
		mustContain(t, "editor", editor, `name="title_en" type="text" value="Main skills"`, `name="label_en"`, `name="summary_en"`, `name="detail_en"`)
	})
}
