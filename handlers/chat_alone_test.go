package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"sitecard/handlers"
	"sitecard/internal/chat"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// fakeChat is the chatbot as the handlers see it: one card, its topics, and answers (or
// failures) the test chooses.
type fakeChat struct {
	card   *models.Card
	topics []string
	answer func(q services.Question) (*services.Reply, error)

	mu    sync.Mutex
	asked []services.Question
}

func (f *fakeChat) Card(_ context.Context, slug string) (*models.Card, error) {
	if slug != f.card.Slug {
		return nil, models.ErrNotFound
	}
	return f.card, nil
}

func (f *fakeChat) Topics(context.Context, string) ([]string, error) { return f.topics, nil }

func (f *fakeChat) Ask(_ context.Context, q services.Question) (*services.Reply, error) {
	// Kept past the request, as a service that keeps what it is given must: copied.
	q.Card, q.Text, q.ClientIP, q.UILang = strings.Clone(q.Card), strings.Clone(q.Text), strings.Clone(q.ClientIP), strings.Clone(q.UILang)
	f.mu.Lock()
	f.asked = append(f.asked, q)
	f.mu.Unlock()
	return f.answer(q)
}

func (f *fakeChat) questions() []services.Question {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]services.Question(nil), f.asked...)
}

// echo answers every question with its own text, keeping the conversation as the real
// chatbot does: the history it was given and the new turn.
func (f *fakeChat) echo(q services.Question) (*services.Reply, error) {
	turns := q.History(f.card.ID)
	answer := "답: " + q.Text
	turns = append(turns, chat.Turn{Question: q.Text, Answer: answer})
	return &services.Reply{Answer: answer, CardID: f.card.ID, CardSlug: f.card.Slug, History: turns}, nil
}

func newFakeChat() *fakeChat {
	f := &fakeChat{card: &models.Card{ID: 7, Slug: "alice", NameKo: "앨리스", Published: true}, topics: []string{"work", "skills"}}
	f.answer = f.echo
	return f
}

// The chat page offers the card's topics as questions, in the page's language; a question
// sent with htmx comes back as its bubble, one sent without JavaScript goes back to the
// page, which then shows the conversation kept in the visitor's session; the service is
// asked with the card, the text and the page's language.
func TestChatHandlerAskAndRemember(t *testing.T) {
	t.Parallel()
	fake := newFakeChat()
	srv := alone(t, handlers.Deps{Chat: fake})
	c := newClient(t, srv)

	page := c.get("/c/alice/chat")
	if page.status != http.StatusOK {
		t.Fatalf("chat page: %d", page.status)
	}
	mustContain(t, "chat page", page.body, catalogText(t, "ko", "chat.suggest.work"), catalogText(t, "ko", "chat.suggest.skills"))
	en := newClient(t, srv).get("/c/alice/chat?lang=en")
	mustContain(t, "English chat page", en.body, "Where do you work?")

	r := c.post("/chat", url.Values{"card": {"alice"}, "question": {"어디서 일하나요?"}}, "HX-Request", "true")
	if r.status != http.StatusOK || !strings.Contains(r.body, "답: 어디서 일하나요?") || strings.Contains(r.body, "<html") {
		t.Fatalf("htmx question: %d %.300q", r.status, r.body)
	}
	r = c.post("/chat", url.Values{"card": {"alice"}, "question": {"무슨 기술이 있나요?"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/c/alice/chat#chat-latest" {
		t.Fatalf("plain question: %d %q", r.status, r.header.Get("Location"))
	}
	page = c.get("/c/alice/chat")
	mustContain(t, "the page after two questions", page.body, "답: 어디서 일하나요?", "답: 무슨 기술이 있나요?")
	if strings.Contains(page.body, catalogText(t, "ko", "chat.suggest.work")) {
		t.Error("the topics are still offered once the visitor has asked")
	}

	qs := fake.questions()
	if len(qs) != 2 || qs[0].Card != "alice" || qs[0].Text != "어디서 일하나요?" || qs[0].UILang != "ko" || qs[0].ClientIP == "" {
		t.Errorf("the service was asked %+v", qs)
	}
	// A question about a card the service does not know is a 404 page, not a 500.
	if r := c.get("/c/nobody/chat"); r.status != http.StatusNotFound {
		t.Errorf("an unknown card's chat: %d", r.status)
	}
}

// What the chatbot service answers decides what the visitor is told: each failure has its
// status and its message in the visitor's language, on the form (htmx or not) and in the
// JSON API, and the question is kept on the form to send again.
func TestChatHandlerTellsEachFailure(t *testing.T) {
	t.Parallel()
	tooLong := &services.ValidationError{Errors: validate.Errors{"question": {Code: validate.CodeTooLong, N: 500}}}
	cases := []struct {
		name   string
		err    error
		status int
		key    string // the message the visitor reads
	}{
		{"rate limited", services.ErrRateLimited, http.StatusTooManyRequests, "chat.throttled"},
		{"database down", fmt.Errorf("chat: read card: %w", ctxErr{}), http.StatusServiceUnavailable, "error.unavailable"},
		{"no such card", fmt.Errorf("chat: %w", models.ErrNotFound), http.StatusNotFound, ""},
		{"too long", tooLong, http.StatusUnprocessableEntity, "v.too_long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeChat()
			fake.answer = func(services.Question) (*services.Reply, error) { return nil, tc.err }
			srv := alone(t, handlers.Deps{Chat: fake})
			c := newClient(t, srv)
			c.dbDown = tc.status == http.StatusServiceUnavailable
			c.get("/c/alice/chat")

			// The JSON API, as the seed and scripts call it.
			r := postJSONTo(t, srv, "/chat", `{"card":"alice","question":"어디서 일하나요?"}`)
			if r.status != tc.status {
				t.Errorf("API: %d, want %d: %s", r.status, tc.status, r.body)
			}
			var body struct {
				Status struct {
					Code    int
					Message string
				}
				Errors map[string]string
			}
			if err := json.Unmarshal([]byte(r.body), &body); err != nil {
				t.Fatalf("API answer is not JSON: %v %q", err, r.body)
			}
			if body.Status.Code != tc.status || body.Status.Message == "" || strings.Contains(body.Status.Message, "chat:") {
				t.Errorf("API status %+v: want code %d and a message meant for people", body.Status, tc.status)
			}
			if tc.key == "v.too_long" && body.Errors["question"] != fmt.Sprintf(catalogText(t, "ko", tc.key), 500) {
				t.Errorf("API: the field's error is not named: %s", r.body)
			}

			if tc.status == http.StatusNotFound || tc.status == http.StatusServiceUnavailable {
				return // the form shows the site's error page for these, as for any page
			}
			want := catalogText(t, "ko", tc.key)
			if strings.Contains(want, "%d") {
				want = fmt.Sprintf(want, 500)
			}
			for _, htmx := range []bool{true, false} {
				var hx []string
				if htmx {
					hx = []string{"HX-Request", "true"}
				}
				r := c.post("/chat", url.Values{"card": {"alice"}, "question": {"어디서 일하나요?"}}, hx...)
				status := tc.status
				if htmx && status == http.StatusUnprocessableEntity {
					status = http.StatusOK // htmx swaps a refused form in only on 200
				}
				if r.status != status || !strings.Contains(r.body, want) || !strings.Contains(r.body, "어디서 일하나요?") {
					t.Errorf("form (htmx %v): %d, want %d with %q and the question kept: %.400q", htmx, r.status, status, want, r.body)
				}
			}
		})
	}
}
