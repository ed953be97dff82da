package validate_test

import (
	"testing"

	"sitecard/internal/validate"
)

// Issue 24 §5: the addresses a card, a contact form and a member's account accept are the
// ones mail can reach and a browser can open; the ways people mistype them are refused
// with the field's reason, not stored to fail later.
func TestEmailAddressesAreOnesMailCanReach(t *testing.T) {
	for _, tc := range []struct {
		v  string
		ok bool
	}{
		{"alice@example.com", true},
		{"kim.minsu+card@mail.example.co.kr", true},
		{"alice@example.com.", false}, // the sentence's full stop, typed into the field
		{"alice@example", false},
		{"@example.com", false},
		{"alice@@example.com", false},
		{"alice@exa mple.com", false},
		{"Alice <alice@example.com>", false},
		{"alice@example.com\r\nBcc: x@example.com", false},
		{"alice@example.com,bob@example.com", false},
	} {
		if got := validate.Email(tc.v); got != tc.ok {
			t.Errorf("Email(%q) = %v, want %v", tc.v, got, tc.ok)
		}
		if _, ok := validate.CardProfile()["email"].Check(tc.v); ok != tc.ok {
			t.Errorf("the card's email field on %q: accepted %v, want %v", tc.v, ok, tc.ok)
		}
	}
}

// Control characters never reach a stored value: NUL (SQLite refuses it, MariaDB drops
// it), escape sequences, bidi-less C0 and C1 codes; tab and line breaks are text.
func TestControlCharactersAreRefusedButLineBreaksKept(t *testing.T) {
	for _, tc := range []struct {
		v    string
		code string
	}{
		{"a\x00b", "control"}, {"a\x1b[31mb", "control"}, {"a\x7fb", "control"}, {"a\u0085b", "control"},
		{"a\tb", ""}, {"first line\nsecond", ""}, {"first line\r\nsecond", ""},
	} {
		e, ok := validate.Rule{MaxLen: 100}.Check(tc.v)
		if ok != (tc.code == "") || e.Code != tc.code {
			t.Errorf("%q: %q (ok %v), want %q", tc.v, e.Code, ok, tc.code)
		}
	}
}
