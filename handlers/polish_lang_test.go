package handlers_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"sitecard/handlers"
	"sitecard/services"
	"sitecard/services/messages"
)

// The message and chat pages name the card's owner in the page's language, as the card
// page does: an English visitor reads "Alice", not 앨리스.
func TestContactAndChatPagesNameTheOwnerInThePageLanguage(t *testing.T) {
	t.Parallel()
	cards := publicCards()
	alice, err := cards.BySlug(context.Background(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	alice.NameEn = "Alice Kim"
	chatbot := newFakeChat()
	chatbot.card = alice
	srv := alone(t, handlers.Deps{Cards: cards, Intake: &fakeIntake{}, Chat: chatbot})
	for _, path := range []string{"/c/alice/contact", "/c/alice/chat"} {
		en := newClient(t, srv)
		en.cookies["lang"] = "en"
		if r := en.get(path); r.status != 200 || !strings.Contains(r.body, "Alice Kim") || strings.Contains(r.body, "앨리스") {
			t.Errorf("%s in English: %d, Korean name or no English one: %.400s", path, r.status, r.body)
		}
		ko := newClient(t, srv)
		if r := ko.get(path); r.status != 200 || !strings.Contains(r.body, "앨리스") {
			t.Errorf("%s in Korean: %d, no Korean name", path, r.status)
		}
	}
}

var contactActionRe = regexp.MustCompile(`<form id="contact-form"[^>]* action="([^"]+)"`)

// A visitor with no language cookie who opens the English message page (?lang=en, the
// card's English link) gets the answer after sending in English too, with or without
// JavaScript; and a refused post comes back in English.
func TestContactPageKeepsItsLanguageThroughThePost(t *testing.T) {
	t.Parallel()
	for _, htmx := range []bool{false, true} {
		// The first post is too soon, as the real intake says of a form sent at once.
		intake := &fakeIntake{}
		intake.refuse = func(messages.Contact) error {
			if len(intake.submitted()) == 1 {
				return services.ErrTooFast
			}
			return nil
		}
		v := newClient(t, alone(t, handlers.Deps{Cards: publicCards(), Intake: intake, Views: quietViews{}}))
		page := v.get("/c/alice/contact?lang=en")
		if page.status != 200 || !strings.Contains(page.body, "Leave a message") {
			t.Fatalf("English page: %d %.300s", page.status, page.body)
		}
		m := contactActionRe.FindStringSubmatch(page.body)
		if m == nil {
			t.Fatalf("no form: %.600s", page.body)
		}
		action := html.UnescapeString(m[1])
		stamp := stampRe.FindStringSubmatch(page.body)[1]
		form := url.Values{"card": {"alice"}, "name": {"Visitor"}, "email": {"v@example.com"}, "message": {"Hello"}, "t": {stamp}}
		var headers []string
		if htmx {
			headers = []string{"HX-Request", "true"}
		}
		// Too soon: the refusal is in English.
		if r := v.post(action, form, headers...); !strings.Contains(r.body, "Leave a message") && !htmx ||
			strings.Contains(r.body, "너무 빨리") {
			t.Errorf("htmx=%v: refusal not in English: %d %.300s", htmx, r.status, r.body)
		}
		r := v.post(action, form, headers...)
		if !htmx {
			if r.status != http.StatusSeeOther {
				t.Fatalf("plain post: %d %.300s", r.status, r.body)
			}
			r = v.get(r.header.Get("Location"))
		}
		if !strings.Contains(r.body, "Your message is saved") || strings.Contains(r.body, "메시지를 남겼습니다") {
			t.Errorf("htmx=%v: the answer after sending is not in English: %d %.400s", htmx, r.status, r.body)
		}
		if got := intake.submitted(); len(got) != 2 || got[1].Card != "alice" || got[1].Message != "Hello" || !got[1].Form || got[1].Stamp != stamp {
			t.Errorf("htmx=%v: the intake was asked with %+v", htmx, got)
		}
	}
}

var chatActionRe = regexp.MustCompile(`<form id="chat-form"[^>]* action="([^"]+)"`)

// The chat page follows ?lang= too: a visitor with no cookie who opens it in English is
// sent back to the English page after asking, not to the Korean one.
func TestChatPageKeepsItsLanguageThroughThePost(t *testing.T) {
	t.Parallel()
	v := newClient(t, alone(t, handlers.Deps{Chat: newFakeChat()}))
	page := v.get("/c/alice/chat?lang=en")
	m := chatActionRe.FindStringSubmatch(page.body)
	if page.status != 200 || !strings.Contains(page.body, "Ask me anything") || m == nil {
		t.Fatalf("English chat page: %d %.400s", page.status, page.body)
	}
	r := v.post(html.UnescapeString(m[1]), url.Values{"card": {"alice"}, "question": {"What are your skills?"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("plain question: %d %.300s", r.status, r.body)
	}
	back := v.get(strings.Split(r.header.Get("Location"), "#")[0])
	if !strings.Contains(back.body, "Ask me anything") || strings.Contains(back.body, "무엇이든 물어보세요") {
		t.Errorf("after asking, the page is not in English: %q %.300s", r.header.Get("Location"), back.body)
	}
}
