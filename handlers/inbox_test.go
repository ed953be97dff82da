package handlers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services/messages"
)

// A member's inbox lists the messages to their own cards only; an admin's lists everyone's.
func TestInboxListsOnlyTheMembersMessages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		f.addMessage(t)
		ctx := context.Background()
		if _, err := f.srv.Messages.Intake.Submit(ctx, messages.Contact{Card: "demo", Name: "데모 방문자", Email: "d@example.com",
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
	m, err := f.srv.Messages.Intake.Submit(context.Background(), messages.Contact{Card: "alice", Name: `<b>이름</b>`, Email: "v@example.com",
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

// A message that reached KakaoTalk but not the webhook is a partial delivery: the inbox
// says "1 of 2 channels" and lists it under its own filter, the dashboard counts it apart
// from the undelivered; a member whose messages can reach no channel is warned.
func TestPartialDeliveryIsShownAndCountedApart(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.WebhookAllowPrivate = true
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) }))
		t.Cleanup(gone.Close)
		ctx := context.Background()
		a, err := models.MemberByLogin(ctx, k.srv.DB, "alice")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := k.srv.Messages.Settings.SaveWebhook(ctx, a.ID, gone.URL+"/hook", "standard", false); err != nil {
			t.Fatal(err)
		}
		m, err := k.srv.Messages.Intake.Submit(ctx, messages.Contact{Card: "alice", Name: "방문자", Email: "v@example.com", Message: "반쯤 간 메시지", ClientIP: "192.0.2.9"})
		if err != nil {
			t.Fatal(err)
		}
		k.deliver(t)
		if got := k.message(t, m.ID); got.State != models.MessagePartial {
			t.Fatalf("kakao sent, webhook failed: %s", got.State)
		}
		for lang, want := range map[string]string{"ko": "2개 중 1개 채널", "en": "1 of 2 channels"} {
			for _, path := range []string{"/admin/messages", "/admin/messages?state=partial", "/admin/messages/" + strconv.FormatInt(m.ID, 10)} {
				if body := alice.get(path, "Accept-Language", lang).body; !strings.Contains(body, "반쯤 간 메시지") || !strings.Contains(body, want) {
					t.Errorf("%s in %s lacks the message or %q", path, lang, want)
				}
			}
		}
		if body := alice.get("/admin/messages?state=failed").body; strings.Contains(body, "반쯤 간 메시지") {
			t.Error("the partial delivery is listed as failed")
		}
		dash := alice.get("/admin").body
		for id, want := range map[string]string{"stat-partial": ">1<", "stat-undelivered": ">0<"} {
			i := strings.Index(dash, `id="`+id+`"`)
			if i < 0 || !strings.HasPrefix(dash[i+len(`id="`+id+`"`):], want) {
				t.Errorf("dashboard %s: want %s", id, want)
			}
		}
		if strings.Contains(dash, `id="no-channel"`) {
			t.Error("alice's KakaoTalk works, yet she is warned")
		}
		// Bob's KakaoTalk is on but not connected, and he has nothing else.
		bob := newClient(t, k.srv)
		bob.login("bob", "bob-pass-1")
		for lang, want := range map[string]string{"ko": "어느 받는 곳에도 닿지 않고", "en": "reach no channel"} {
			if body := bob.get("/admin", "Accept-Language", lang).body; !strings.Contains(body, `id="no-channel"`) || !strings.Contains(body, want) {
				t.Errorf("bob (%s) is not warned that his messages reach no channel", lang)
			}
		}
	})
}
