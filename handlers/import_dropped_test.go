package handlers_test

import (
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// A JSON Resume as resume-cli writes it has parts the card has no place for; the preview
// lists them, in the owner's language, before anything is imported, and says nothing of
// the parts the card takes or of a blank one.
func TestImportPreviewSaysWhatTheCardHasNoPlaceFor(t *testing.T) {
	file := []byte(`{
  "basics": {"name": "Seoyun Park", "label": "Platform Engineer", "image": "https://example.com/me.jpg",
    "location": {"city": "Seoul", "countryCode": "KR"}, "profiles": []},
  "work": [{"name": "Acme", "position": "Engineer", "startDate": "2020-01"}],
  "volunteer": [{"organization": "Code Club", "position": "Mentor"}],
  "publications": [{"name": "On Queues", "publisher": "ACM"}],
  "interests": [{"name": "Climbing"}],
  "references": [{"name": "Jane", "reference": "Great."}],
  "awards": []
}`)
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		for _, tc := range []struct {
			lang       string
			want, bare []string
		}{
			{"ko", []string{"봉사", "출판", "관심사", "추천", "기본 정보: 주소", "기본 정보: 사진 주소"}, []string{"경력", "수상"}},
			{"en", []string{"Volunteering", "Publication", "Interest", "Reference", "Basics: location", "Basics: image"}, []string{"Work", "Award"}},
		} {
			c := newClient(t, f.srv)
			c.cookies["lang"] = tc.lang
			c.login("alice", "alice-pass-1")
			card := "/admin/cards/" + itoa(f.cardID)
			c.get(card)
			r := multipartImport(t, c, card+"/import", "append", file)
			i := strings.Index(r.body, `id="import-dropped"`)
			if r.status != 200 || i < 0 {
				t.Fatalf("%s: %d, no list of what is dropped: %.600s", tc.lang, r.status, r.body)
			}
			list := r.body[i : i+strings.Index(r.body[i:], "</ul>")]
			for _, w := range tc.want {
				if !strings.Contains(list, "<li>"+w+"</li>") {
					t.Errorf("%s: %q not said dropped: %s", tc.lang, w, list)
				}
			}
			for _, w := range tc.bare {
				if strings.Contains(list, "<li>"+w+"</li>") {
					t.Errorf("%s: %q said dropped, but the card takes it (or it is empty): %s", tc.lang, w, list)
				}
			}
		}
	})
}
