package handlers_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"sitecard/handlers"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

// A scanned résumé is flagged where it was uploaded, in the file's own form, as soon as
// the upload returns (before any indexing); the chatbot panel points there instead of
// calling it an indexing error.
func TestScanWarningIsAtTheUpload(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	card := fmt.Sprintf("/admin/cards/%d", f.cardID)
	c.get(card)
	if body := c.get(card).body; strings.Contains(body, `id="resume-note"`) {
		t.Error("a warning before any résumé")
	}
	r := c.upload(card+"/resume", "resume", "scan.pdf", testutil.PDFScan(t))
	if r.status != http.StatusSeeOther {
		t.Fatalf("a scan: %d", r.status)
	}
	body := c.get(card).body
	resumeForm := body[strings.Index(body, `<form id="resume"`):]
	resumeForm = resumeForm[:strings.Index(resumeForm, "</form>")+len("</form>")]
	if !strings.Contains(body, `id="resume-note">이 PDF에는 챗봇이 읽을 수 있는 글자가 없습니다`) ||
		strings.Index(body, `id="resume-note"`) < strings.Index(body, `<form id="resume"`) || strings.Index(body, `id="resume-note"`) > strings.Index(body, `<form id="resume"`)+len(resumeForm)+200 {
		t.Errorf("the scan warning is not at the résumé's upload: %s", resumeForm)
	}
	if err := f.srv.Indexer.Index(t.Context(), f.cardID); err != nil {
		t.Fatal(err)
	}
	body = c.get(card).body
	if i := strings.Index(body, `id="chat-index"`); strings.Contains(body[i:i+1500], "색인 오류") {
		t.Errorf("the chatbot panel calls a scan an indexing error: %.600s", body[i:])
	}
	// A résumé with text clears it.
	c.upload(card+"/resume", "resume", "cv.pdf", testutil.PDFText(t, "Experience: Acme Robotics"))
	if strings.Contains(c.get(card).body, `id="resume-note"`) {
		t.Error("the warning stays after a résumé with text")
	}
}

// The file fields say "too big" for a file past their limit, in the page's language,
// before it is sent (the script reads data-msg-too-big).
func TestFileFieldsSayTooBig(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	body := c.get(fmt.Sprintf("/admin/cards/%d", f.cardID)).body
	mustContain(t, "editor", body, `id="photo-file" type="file" name="photo" accept="image/jpeg,image/png,image/webp" required data-max-bytes="5242880" data-msg-required="파일을 골라 주세요." data-msg-too-big="파일은 5MB 이하여야 합니다."`,
		`data-max-bytes="10485760" data-msg-required="파일을 골라 주세요." data-msg-too-big="파일은 10MB 이하여야 합니다."`)
	// Without the script, the server says the same of a 10 MB photo.
	big := make([]byte, 10<<20-1024)
	copy(big, "\x89PNG\r\n\x1a\n")
	if r := c.upload(fmt.Sprintf("/admin/cards/%d/photo", f.cardID), "photo", "big.png", big); r.status != 422 || !strings.Contains(r.body, "파일은 5MB 이하여야 합니다") {
		t.Errorf("a 10 MB photo: %d", r.status)
	}
}

// The primary card read at /c/{slug} keeps that address when the language changes; at /
// it stays at /. The links row is named in the page's language, and the two résumés are
// told apart by visible words, not only by a tooltip.
func TestCardPageToggleAndDownloads(t *testing.T) {
	t.Parallel()
	// Alice's card is the primary one, with an uploaded résumé beside the drawn one.
	cards := publicCards()
	cards.published[0].IsPrimary = false
	alice := cards.published[1]
	alice.IsPrimary, alice.ResumePath, alice.ResumeLinks = true, "0123456789abcdef0123456789abcdef.pdf", models.ResumeBoth
	f := fixture{srv: alone(t, handlers.Deps{Cards: cards, Views: quietViews{}, Drawn: services.NewDrawn(nil, 64, 1<<20)})}
	toggle := regexp.MustCompile(`id="lang-toggle" href="([^"]+)"`)
	for path, want := range map[string]string{"/c/alice": "/c/alice?lang=en", "/": "/?lang=en", "/c/alice?lang=en": "/c/alice?lang=ko"} {
		r := do(t, f.srv, "GET", path, "Accept-Language", "ko")
		if m := toggle.FindStringSubmatch(r.body); m == nil || m[1] != want {
			t.Errorf("%s: the language toggle goes to %v, want %s", path, m, want)
		}
	}
	for lang, wants := range map[string][]string{
		"ko": {`<nav class="socials" aria-label="링크">`, `<span class="social-label">이력서</span>`, `<span class="social-label">카드 이력서</span>`},
		"en": {`<nav class="socials" aria-label="Links">`, `<span class="social-label">Résumé</span>`, `<span class="social-label">Card résumé</span>`},
	} {
		body := do(t, f.srv, "GET", "/c/alice?lang="+lang).body
		mustContain(t, lang, body, wants...)
		if lang == "ko" && strings.Contains(body, `aria-label="Links"`) {
			t.Error("the Korean page labels its links in English")
		}
	}
}
