package handlers_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// A member's inbox lists the messages to their own cards only; an admin's lists everyone's.
func TestInboxListsOnlyTheMembersMessages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		f.addMessage(t)
		ctx := context.Background()
		if _, err := f.srv.Contacts.Submit(ctx, services.Contact{Card: "demo", Name: "데모 방문자", Email: "d@example.com",
			Message: "데모 카드에 보낸 메시지", ClientIP: "192.0.2.51"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			login, password string
			sees, notSees   []string
		}{
			{"alice", "alice-pass-1", []string{"안녕하세요"}, []string{"데모 카드에 보낸 메시지"}},
			{"bob", "bob-pass-1", nil, []string{"안녕하세요", "데모 카드에 보낸 메시지"}},
			{"admin", adminPassword, []string{"안녕하세요", "데모 카드에 보낸 메시지"}, nil},
		} {
			t.Run(c.login, func(t *testing.T) {
				m := newClient(t, f.srv)
				m.login(c.login, c.password)
				for _, state := range []string{"", "waiting", "pending"} {
					body := m.get("/admin/messages?state=" + state).body
					for _, s := range c.notSees {
						if strings.Contains(body, s) {
							t.Errorf("inbox (state %q) shows %q", state, s)
						}
					}
					if state == "" {
						for _, s := range c.sees {
							if !strings.Contains(body, s) {
								t.Errorf("inbox lacks %q", s)
							}
						}
					}
				}
			})
		}
	})
}

// A visitor's message is text: HTML in it is shown, escaped, on the inbox and on the
// message page, never run.
func TestInboxEscapesWhatVisitorsWrite(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	hostile := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	m, err := f.srv.Contacts.Submit(context.Background(), services.Contact{Card: "alice", Name: `<b>이름</b>`, Email: "v@example.com",
		Message: hostile, ClientIP: "192.0.2.52"})
	if err != nil {
		t.Fatal(err)
	}
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	for _, p := range []string{"/admin/messages", "/admin/messages/" + strconv.FormatInt(m.ID, 10)} {
		body := alice.get(p).body
		if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>이름</b>") {
			t.Errorf("%s shows the visitor's HTML unescaped", p)
		}
		if p != "/admin/messages" && !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the message as text", p)
		}
		if !strings.Contains(body, "&lt;b&gt;이름&lt;/b&gt;") {
			t.Errorf("%s does not show the name as text", p)
		}
	}
}
