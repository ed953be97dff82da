package handlers_test

import (
	"strings"
	"testing"

	"sitecard/handlers"
)

// Every visitor page carries the language and theme toggles, not only the card.
func TestVisitorPagesHaveLanguageAndThemeToggles(t *testing.T) {
	t.Parallel()
	srv := alone(t, handlers.Deps{Members: aloneMembers(), Cards: publicCards(), Intake: &fakeIntake{}, Chat: newFakeChat()})
	v := newClient(t, srv)
	for _, p := range []string{"/login", "/c/alice/contact", "/c/alice/chat"} {
		r := v.get(p)
		if r.status != 200 || !strings.Contains(r.body, `id="lang-toggle"`) || !strings.Contains(r.body, `data-theme-set="dark"`) {
			t.Errorf("%s (%d) has no language and theme toggles", p, r.status)
		}
	}
}
