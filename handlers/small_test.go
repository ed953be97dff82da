package handlers_test

import (
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// The small things a new owner noticed: toggles on every visitor page, the editor's
// section headings said once, and the connect button saying "reconnect" once connected.
func TestSmallThingsAnOwnerNoticed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		v := newClient(t, k.srv)
		for _, p := range []string{"/login", "/c/alice/contact", "/c/alice/chat"} {
			if body := v.get(p).body; !strings.Contains(body, `id="lang-toggle"`) || !strings.Contains(body, `data-theme-set="dark"`) {
				t.Errorf("%s has no language and theme toggles", p)
			}
		}
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		editor := alice.get("/admin/cards/" + itoa(k.cardID)).body
		// alice's section is titled "Skills", its kind's own name in English: said once.
		if strings.Contains(editor, "Skills · ") || strings.Contains(editor, "· Skills") {
			t.Error("the editor heading repeats the section's name")
		}
		if !strings.Contains(alice.get("/admin/kakao").body, ">카카오톡 연결</a>") {
			t.Error("before connecting, the button does not say connect")
		}
		k.connect(t, alice)
		if body := alice.get("/admin/kakao").body; !strings.Contains(body, ">카카오톡 다시 연결</a>") {
			t.Error("after connecting, the button still says connect")
		}
	})
}
