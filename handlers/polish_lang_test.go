package handlers_test

import (
	"context"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
)

// The message and chat pages name the card's owner in the page's language, as the card
// page does: an English visitor reads "Alice", not 앨리스.
func TestContactAndChatPagesNameTheOwnerInThePageLanguage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := chatFixture(t, cfg)
		if _, err := f.srv.DB.NewUpdate().Model((*models.Card)(nil)).Set("name_en = ?", "Alice Kim").
			Where("slug = ?", "alice").Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/c/alice/contact", "/c/alice/chat"} {
			en := newClient(t, f.srv)
			en.cookies["lang"] = "en"
			if r := en.get(path); r.status != 200 || !strings.Contains(r.body, "Alice Kim") || strings.Contains(r.body, "앨리스") {
				t.Errorf("%s in English: %d, Korean name or no English one: %.400s", path, r.status, r.body)
			}
			ko := newClient(t, f.srv)
			if r := ko.get(path); r.status != 200 || !strings.Contains(r.body, "앨리스") {
				t.Errorf("%s in Korean: %d, no Korean name", path, r.status)
			}
		}
	})
}
