package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitecard/handlers"
	"sitecard/internal/chat"
	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// chatFixture is the usual fixture with every card's chat index built.
func chatFixture(t *testing.T, cfg *config.Config, opts ...server.Option) *fixture {
	t.Helper()
	f := newFixtureWith(t, cfg, opts...)
	if err := f.srv.Indexer.IndexStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f
}

func askJSON(t *testing.T, srv *server.Server, body string, headers ...string) (response, map[string]any) {
	t.Helper()
	r := postJSONTo(t, srv, "/chat/", body, headers...)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		t.Fatalf("%s: not JSON: %d %.200s", body, r.status, r.body)
	}
	return r, out
}

func TestChatJSONAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		// Three questions an address: the two answered below, and one more.
		cfg.Chat.RatePerIP = config.Rate{N: 3, Window: time.Minute}
		f := chatFixture(t, cfg)
		r, out := askJSON(t, f.srv, `{"question":"What's your email?"}`)
		if r.status != 200 || !strings.Contains(out["answer"].(string), "gildong@example.com") {
			t.Fatalf("primary card: %d %v", r.status, out)
		}
		if r, out := askJSON(t, f.srv, `{"question":"기술이 뭐예요?","card":"alice"}`); r.status != 200 || !strings.Contains(out["answer"].(string), "Go 80%") {
			t.Errorf("alice's card: %d %v", r.status, out)
		}
		for _, c := range []struct {
			name, body, ctype string
			status            int
			want              string
		}{
			{"empty", `{"question":"  "}`, "application/json", 422, `"question":`},
			{"too long", `{"question":"` + strings.Repeat("가", 501) + `"}`, "application/json", 422, "500"},
			{"no question", `{}`, "application/json", 422, `"question":`},
			{"not JSON", `{"question":`, "application/json", 400, `"code":400`},
			{"wrong type", `question=hi`, "text/plain", 415, `"code":415`},
			{"unknown card", `{"question":"hi","card":"nobody"}`, "application/json", 404, `"code":404`},
		} {
			r := postJSONTo(t, f.srv, "/chat/", c.body, "Content-Type", c.ctype)
			if r.status != c.status || !strings.Contains(r.body, c.want) {
				t.Errorf("%s: %d %.200s", c.name, r.status, r.body)
			}
		}
		// The refused questions above were not counted; X-Forwarded-For names no other
		// client, so this is the third of the same address, and the next is over.
		if r := postJSONTo(t, f.srv, "/chat/", `{"question":"hi"}`, "X-Forwarded-For", "x"); r.status != 200 {
			t.Errorf("the third question: %d %s", r.status, r.body)
		}
		if r := postJSONTo(t, f.srv, "/chat/", `{"question":"hi"}`); r.status != 429 {
			t.Errorf("over the limit: %d %s", r.status, r.body)
		}
	})
}

// The chat form: htmx gets the two bubbles, escaped; a plain post comes back to the page,
// which shows the conversation. Each visitor has their own.
func TestChatFormAndConversations(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := chatFixture(t, cfg)
		// Reading the card makes no session; opening the chat does.
		card := newClient(t, f.srv)
		card.get("/c/alice")
		if len(card.cookies) != 0 {
			t.Errorf("reading a card set cookies: %v", card.cookies)
		}
		anna, ben := newClient(t, f.srv), newClient(t, f.srv)
		for _, c := range []*client{anna, ben} {
			if r := c.get("/c/alice/chat", "HX-Request", "true"); r.status != 200 || !strings.Contains(r.body, `id="chat-form"`) || strings.Contains(r.body, "<html") {
				t.Fatalf("chat panel: %d %.300s", r.status, r.body)
			}
		}
		r := anna.post("/chat", url.Values{"card": {"alice"}, "question": {"<b>기술</b>은?"}}, "HX-Request", "true")
		if r.status != 200 || !strings.Contains(r.body, "&lt;b&gt;기술&lt;/b&gt;") || strings.Contains(r.body, "<b>기술") ||
			!strings.Contains(r.body, `class="bubble bubble-a"`) || !strings.Contains(r.body, "Go 80%") {
			t.Fatalf("htmx question: %d %s", r.status, r.body)
		}
		r = ben.post("/chat", url.Values{"card": {"alice"}, "question": {"What's your email?"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/c/alice/chat#chat-latest" {
			t.Fatalf("plain question: %d %q", r.status, r.header.Get("Location"))
		}
		annaPage, benPage := anna.get("/c/alice/chat").body, ben.get("/c/alice/chat").body
		if !strings.Contains(annaPage, "&lt;b&gt;기술") || strings.Contains(annaPage, "What&#39;s your email?") {
			t.Errorf("anna's conversation: %.500s", annaPage)
		}
		if !strings.Contains(benPage, "What&#39;s your email?") || strings.Contains(benPage, "&lt;b&gt;기술") {
			t.Errorf("ben's conversation: %.500s", benPage)
		}
		// An empty question comes back on the form, in place, with its message.
		r = anna.post("/chat", url.Values{"card": {"alice"}, "question": {" "}}, "HX-Request", "true")
		if r.status != 200 || r.header.Get("HX-Retarget") != "#chat-form" || !strings.Contains(r.body, "필수 항목입니다.") {
			t.Errorf("empty question: %d %v %.300s", r.status, r.header, r.body)
		}
		// Without a CSRF token the form is refused.
		if r := anna.post("/chat", url.Values{"card": {"alice"}, "question": {"hi"}, "_csrf": {"forged"}}); r.status != 403 {
			t.Errorf("forged CSRF: %d", r.status)
		}
	})
}

// A card's owner turns the chatbot off: no button, and the endpoints answer 404.
func TestChatCanBeTurnedOff(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := chatFixture(t, cfg)
		if !strings.Contains(do(t, f.srv, "GET", "/c/alice").body, `id="chat-open"`) {
			t.Fatal("no chat button on a card with the chatbot on")
		}
		alice := newClient(t, f.srv)
		alice.login("alice", "alice-pass-1")
		editor := alice.get("/admin/cards/" + itoa(f.cardID)).body
		mustContain(t, "editor", editor, `action="/admin/cards/`+itoa(f.cardID)+`/chat"`, `name="chat_enabled" checked`, `id="chat-index"`)
		if r := alice.post("/admin/cards/"+itoa(f.cardID)+"/chat", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("turn off: %d", r.status)
		}
		if body := do(t, f.srv, "GET", "/c/alice").body; strings.Contains(body, `id="chat-open"`) || strings.Contains(body, "chat-window") {
			t.Error("the chat button is still on the card")
		}
		if r := do(t, f.srv, "GET", "/c/alice/chat"); r.status != 404 {
			t.Errorf("chat page: %d", r.status)
		}
		if r := postJSONTo(t, f.srv, "/chat/", `{"question":"hi","card":"alice"}`); r.status != 404 {
			t.Errorf("chat API: %d", r.status)
		}
	})
}

// An edit reaches the chatbot's answers once the indexer, woken by the edit, is done.
func TestChatFollowsEdits(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := chatFixture(t, cfg)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); f.srv.Indexer.Run(ctx) }()
		defer func() { cancel(); <-done }()
		admin := newClient(t, f.srv)
		admin.login("admin", adminPassword)
		values := url.Values{}
		card, err := f.srv.Cards.Editable(ctx, services.Actor{ID: f.adminID, Admin: true}, f.demoCardID)
		if err != nil {
			t.Fatal(err)
		}
		for name, p := range card.ProfileFields() {
			values.Set(name, *p)
		}
		values.Set("email", "new-address@example.org")
		if r := admin.post("/admin/cards/"+itoa(f.demoCardID)+"/profile", values); r.status != http.StatusSeeOther {
			t.Fatalf("save: %d %.300s", r.status, r.body)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			_, out := askJSON(t, f.srv, `{"question":"What's your email?"}`)
			if strings.Contains(out["answer"].(string), "new-address@example.org") {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the answer still has the old email: %v", out)
			}
			time.Sleep(20 * time.Millisecond) // polling with a deadline
		}
	})
}

// HTML from a card field or from a model's answer shows as text in the bubbles.
func TestChatAnswersAreEscaped(t *testing.T) {
	t.Parallel()
	fake := newFakeChat()
	srv := alone(t, handlers.Deps{Chat: fake})
	answer := func(text string, fallback bool) func(q services.Question) (*services.Reply, error) {
		return func(q services.Question) (*services.Reply, error) {
			turns := append(q.History(fake.card.ID), chat.Turn{Question: q.Text, Answer: text})
			return &services.Reply{Answer: text, Quoted: fallback, Fallback: fallback, CardID: fake.card.ID, CardSlug: fake.card.Slug, History: turns}, nil
		}
	}
	fake.answer = answer(`<img src=x onerror="alert(1)"> 제 기술은 Go입니다.`, false)
	v := newClient(t, srv)
	v.get("/c/alice/chat")
	r := v.post("/chat", url.Values{"card": {"alice"}, "question": {"기술은?"}}, "HX-Request", "true")
	if r.status != 200 || strings.Contains(r.body, "<img") || !strings.Contains(r.body, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;") {
		t.Errorf("model answer: %d %s", r.status, r.body)
	}
	// The card's own words, quoted when the model fails (services.Chat's own tests
	// check the quoting), are escaped too.
	fake.answer = answer("지금은 AI 답변을 드릴 수 없어 카드 내용을 그대로 보여드립니다: <b>앨리스</b>", true)
	r = v.post("/chat", url.Values{"card": {"alice"}, "question": {"이름이 뭐예요?"}}, "HX-Request", "true")
	if r.status != 200 || strings.Contains(r.body, "<b>") || !strings.Contains(r.body, "&lt;b&gt;앨리스&lt;/b&gt;") || !strings.Contains(r.body, "fallback") {
		t.Errorf("quoted fallback: %d %s", r.status, r.body)
	}
	// And so is the question, as the visitor wrote it.
	r = v.post("/chat", url.Values{"card": {"alice"}, "question": {"<script>x</script>?"}}, "HX-Request", "true")
	if r.status != 200 || strings.Contains(r.body, "<script>x") || !strings.Contains(r.body, "&lt;script&gt;x&lt;/script&gt;?") {
		t.Errorf("the question: %d %s", r.status, r.body)
	}
}

// Before the first question the chat offers three the card can answer, as links that fill
// the form without JavaScript; once asked, they are gone.
func TestChatSuggestsQuestionsItCanAnswer(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	if err := f.srv.Indexer.IndexStale(context.Background()); err != nil {
		t.Fatal(err)
	}
	v := newClient(t, f.srv)
	page := v.get("/c/demo/chat").body
	for _, q := range []string{"어디서 일하세요?", "어느 학교를 나오셨나요?", "자격증이 있나요?"} {
		if !strings.Contains(page, `data-question="`+q+`"`) {
			t.Errorf("the chat does not suggest %q", q)
		}
	}
	link := regexp.MustCompile(`<a href="([^"]+)" data-question="어디서 일하세요\?"`).FindStringSubmatch(page)
	if link == nil {
		t.Fatal("no suggestion link")
	}
	filled := v.get(strings.ReplaceAll(link[1], "&amp;", "&")).body
	if !strings.Contains(filled, ">어디서 일하세요?</textarea>") {
		t.Error("following the suggestion does not fill the question")
	}
	if r := v.post("/chat", url.Values{"card": {"demo"}, "question": {"어디서 일하세요?"}}); r.status != http.StatusSeeOther {
		t.Fatalf("asking: %d", r.status)
	}
	if strings.Contains(v.get("/c/demo/chat").body, "chat-suggest") {
		t.Error("the suggestions stay after the first question")
	}
	en := v.get("/c/demo/chat", "Accept-Language", "en").body
	if strings.Contains(en, "chat-suggest") {
		t.Error("a conversation in progress shows suggestions in English")
	}
}

// A card's address is one rule on both databases: trimmed and lower-cased, "DEMO" and
// "demo " are the demo card on SQLite as on MariaDB (whose collation matched them before
// and SQLite's did not).
func TestSlugsFollowOneRuleOnBothDatabases(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		if err := f.srv.Indexer.IndexStale(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/c/DEMO/chat", "/c/Demo/contact"} {
			if r := do(t, f.srv, "GET", p); r.status != http.StatusOK {
				t.Errorf("GET %s: %d", p, r.status)
			}
		}
		// The card page itself has one address, to which the others are sent.
		if r := do(t, f.srv, "GET", "/c/DEMO"); r.status != http.StatusMovedPermanently || r.header.Get("Location") != "/c/demo" {
			t.Errorf("GET /c/DEMO: %d to %q, want 301 to /c/demo", r.status, r.header.Get("Location"))
		}
		for _, card := range []string{"demo   ", "DEMO", " Demo"} {
			if r := postJSONTo(t, f.srv, "/chat/", `{"question":"email?","card":"`+card+`"}`); r.status != http.StatusOK || !strings.Contains(r.body, "gildong@example.com") {
				t.Errorf("chat with card %q: %d %.200s", card, r.status, r.body)
			}
		}
		if r := postJSONTo(t, f.srv, "/chat/", `{"question":"email?","card":"de mo"}`); r.status != http.StatusNotFound {
			t.Errorf("a card that is no slug: %d", r.status)
		}
	})
}
