package handlers_test

import (
	"encoding/json"
	"net/url"
	"testing"

	"sitecard/handlers"
)

// WebFinger finds a published card from acct:{slug}@{host} or from its address, with the
// card's page as its profile page; anything else is a 404, and a resource of no known form
// a 400. Any site may ask (CORS).
func TestWebFinger(t *testing.T) {
	t.Parallel()
	srv := alone(t, handlers.Deps{Cards: publicCards()})
	ask := func(resource string) response {
		return do(t, srv, "GET", "/.well-known/webfinger?resource="+url.QueryEscape(resource))
	}
	for _, resource := range []string{"acct:alice@localhost:8000", "acct:ALICE@LOCALHOST:8000", "http://localhost:8000/c/alice"} {
		r := ask(resource)
		var jrd struct {
			Subject string   `json:"subject"`
			Aliases []string `json:"aliases"`
			Links   []struct {
				Rel, Type, Href string
			} `json:"links"`
		}
		if r.status != 200 || json.Unmarshal([]byte(r.body), &jrd) != nil {
			t.Fatalf("%s: %d %s", resource, r.status, r.body)
		}
		if ct := r.header.Get("Content-Type"); ct != "application/jrd+json" || r.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: Content-Type %q, CORS %q", resource, ct, r.header.Get("Access-Control-Allow-Origin"))
		}
		if jrd.Subject != resource || len(jrd.Aliases) == 0 || jrd.Aliases[0] != "http://localhost:8000/c/alice" ||
			len(jrd.Links) == 0 || jrd.Links[0].Rel != "http://webfinger.net/rel/profile-page" || jrd.Links[0].Href != "http://localhost:8000/c/alice" {
			t.Errorf("%s: %+v", resource, jrd)
		}
	}
	if r := ask("http://localhost:8000/"); r.status != 200 {
		t.Errorf("the primary card's address: %d", r.status)
	}
	for resource, want := range map[string]int{
		"acct:nobody@localhost:8000": 404, "acct:alice@example.com": 404, "http://localhost:8000/admin": 404,
		"http://example.com/c/alice": 404, "acct:alice": 400, "mailto:alice@localhost": 400, "": 400, "acct:@localhost:8000": 400,
	} {
		if r := ask(resource); r.status != want {
			t.Errorf("%q: %d, want %d", resource, r.status, want)
		}
	}
}
