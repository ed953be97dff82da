package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"sitecard/handlers"
)

// csrfExempt are the state-changing routes outside the dashboard that take no CSRF token,
// each for its reason (routes.go says the same where they are declared).
var csrfExempt = map[string]string{
	"POST /kakao":              "the JSON API demands application/json, which a cross-site form cannot send",
	"POST /kakao/":             "the JSON API, likewise",
	"POST /chat":               "the chatbot's JSON API; a form post goes on to the guarded form route",
	"POST /c/:slug/go/:target": "a click the browser reports (ping): it only counts, like a page view",
}

// Issue 24 §5: every route that changes state outside /admin (the dashboard has its own
// check in TestAuthorizationMatrix and TestCSRFRefusals) is read from the route list, the
// way the authorization matrix is, and refuses a post without the token with the CSRF
// page: a route added outside the guarded group fails here until it is guarded or named
// above with its reason.
func TestEveryStateChangeOutsideTheDashboardNeedsTheCSRFToken(t *testing.T) {
	t.Parallel()
	// Alone: a post the guard lets through reaches a service that is not there (a 500).
	f := fixture{srv: alone(t, handlers.Deps{Members: aloneMembers()})}
	c := newClient(t, f.srv)
	c.get("/login") // the browser holds a CSRF cookie: only the missing token is wrong
	checked := 0
	for _, r := range f.srv.App.GetRoutes(true) {
		switch r.Method {
		case "GET", "HEAD", "OPTIONS", "TRACE", "CONNECT":
			continue
		}
		if strings.HasPrefix(r.Path, "/admin") || r.Path == "/dav" || strings.HasPrefix(r.Path, "/dav/") || r.Path == "/.well-known/carddav" {
			continue // the dashboard; the read-only address book signs in with an app password
		}
		if _, ok := csrfExempt[r.Method+" "+r.Path]; ok {
			continue
		}
		path := strings.NewReplacer(":slug", "alice", ":token", "0123456789abcdef", ":target", "vcard", ":id", "1").Replace(r.Path)
		req := url.Values{"_csrf": {""}, "login": {"alice"}, "password": {"alice-pass-1"}, "card": {"alice"},
			"name": {"Kim"}, "email": {"kim@example.com"}, "message": {"hello"}, "question": {"what do you do?"}}
		got := c.post(path, req)
		if got.status != http.StatusForbidden || !strings.Contains(got.body, "요청을 확인할 수 없습니다") {
			t.Errorf("%s %s without a CSRF token: %d, want 403 with the CSRF page (body %.200q)", r.Method, r.Path, got.status, got.body)
		}
		checked++
	}
	// The routes the guard must cover today are among those checked: the list is read.
	if checked < 10 {
		t.Errorf("only %d state-changing routes outside /admin were checked", checked)
	}
	for route := range csrfExempt {
		method, path, _ := strings.Cut(route, " ")
		if !slices.ContainsFunc(f.srv.App.GetRoutes(true), func(r fiber.Route) bool { return r.Method == method && r.Path == path }) {
			t.Errorf("%s is exempt but no longer a route", route)
		}
	}
}
