package handlers

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

func TestSafeNextKeepsRedirectsHere(t *testing.T) {
	for next, want := range map[string]string{
		"/admin": "/admin", "/admin/cards/1?saved=1#profile": "/admin/cards/1?saved=1#profile",
		"//evil.example": "/", "/\\evil.example": "/", "/\t/evil.example": "/", "/\n/evil": "/", "/ /evil": "/",
		"https://evil.example": "/", "evil": "/", "": "/", "/%2F/evil": "/", "/\x00": "/", "/\u00a0/evil": "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

// Whatever comes in, what goes out is a path on this site: the browser resolves it to
// this host.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/admin", "//x", "/\t/x", "/\\x", "https://x", "/a?b=c#d", "/%09/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "/" {
			return
		}
		base, _ := url.Parse("https://card.example/")
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("%q: kept an unparsable %q", next, got)
		}
		if r := base.ResolveReference(u); r.Host != "card.example" || r.Scheme != "https" {
			t.Fatalf("%q leads to %s", next, r)
		}
		if strings.ContainsFunc(got, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) || r == '\\' }) {
			t.Fatalf("%q kept a character browsers strip: %q", next, got)
		}
	})
}
