package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// englishWords are common English words of a dashboard; none may show in the Korean UI.
var englishWords = regexp.MustCompile(`(?i)\b(just now|ago|every|sent|waiting|retry|failed|pending|healthy|expiring|disconnected|needs_reconnect|owner|not connected|save|delete|edit|cancel|login|logout|password|settings|profile|error|ok|attempt|never|next run|last run)\b`)

var (
	tags   = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]+>`)
	spaces = regexp.MustCompile(`\s+`)
)

// visibleText is what a person reads of a page: the text between the tags.
func visibleText(html string) string {
	return spaces.ReplaceAllString(tags.ReplaceAllString(html, " "), " ")
}

// Every dashboard page, in Korean, with a connection, a job run and a delivery history on
// it, reads without the English words a half-translated page shows.
func TestAdminPagesAreAllKorean(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		id := sendAPI(t, k.srv, "alice", "첫 메시지")
		k.deliver(t)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		k.fake.FailNext(http.StatusInternalServerError, 1)
		second := sendAPI(t, k.srv, "alice", "두 번째")
		k.deliver(t)
		k.srv.RefreshJob.Finished(fmt.Errorf("member 2: %w", context.DeadlineExceeded))
		admin := newClient(t, k.srv)
		admin.login("admin", adminPassword)
		pages := []string{"/admin", "/admin/account", "/admin/cards/" + itoa(k.cardID), "/admin/kakao", "/admin/kakao/status",
			"/admin/messages", fmt.Sprintf("/admin/messages/%d", id), fmt.Sprintf("/admin/messages/%d", second), "/admin/members"}
		for _, p := range pages {
			r := admin.get(p)
			if r.status != 200 {
				t.Errorf("%s: %d", p, r.status)
				continue
			}
			text := visibleText(r.body)
			// The card's own words are the owner's, in whatever language they wrote.
			for _, own := range []string{"Skills", "GitHub", "Go", "SQL", "alice", "admin", "bob", "sitecard"} {
				text = strings.ReplaceAll(text, own, "")
			}
			if m := englishWords.FindAllString(text, -1); len(m) > 0 {
				t.Errorf("%s shows English: %q", p, m)
			}
		}
	})
}
