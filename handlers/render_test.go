package handlers_test

import (
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// Every visitor page carries the language and theme toggles, not only the card.
func TestVisitorPagesHaveLanguageAndThemeToggles(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		v := newClient(t, k.srv)
		for _, p := range []string{"/login", "/c/alice/contact", "/c/alice/chat"} {
			if body := v.get(p).body; !strings.Contains(body, `id="lang-toggle"`) || !strings.Contains(body, `data-theme-set="dark"`) {
				t.Errorf("%s has no language and theme toggles", p)
			}
		}
	})
}
