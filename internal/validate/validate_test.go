package validate_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"sitecard/internal/validate"
)

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		rule  validate.Rule
		value string
		code  string
	}{
		{validate.Rule{Required: true}, "", "required"},
		{validate.Rule{}, "", ""},
		{validate.Rule{MaxLen: 3}, "가나다", ""},
		{validate.Rule{MaxLen: 3}, "가나다라", "too_long"},
		{validate.Rule{MinLen: 8}, "short", "too_short"},
		{validate.Rule{Kind: validate.KindEmail}, "a@b.co", ""},
		{validate.Rule{Kind: validate.KindEmail}, "Name <a@b.co>", "email"},
		{validate.Rule{Kind: validate.KindEmail}, "a@b", "email"},
		{validate.Rule{Kind: validate.KindURL}, "https://x.example/a?b", ""},
		{validate.Rule{Kind: validate.KindURL}, "javascript:alert(1)", "url"},
		{validate.Rule{Kind: validate.KindURL}, "//x.example", "url"},
		{validate.Rule{Kind: validate.KindInt, MaxInt: 100}, "100", ""},
		{validate.Rule{Kind: validate.KindInt, MaxInt: 100}, "101", "range"},
		{validate.Rule{Kind: validate.KindInt, MaxInt: 100}, "1e2", "int"},
		{validate.Rule{Kind: validate.KindSlug, Reserved: []string{"admin"}}, "admin", "reserved"},
		{validate.Rule{Kind: validate.KindSlug}, "my-card-2", ""},
		{validate.Rule{Kind: validate.KindSlug}, "My-Card", "slug"},
		{validate.Rule{Kind: validate.KindSlug}, "card-", "slug"},
		{validate.Rule{OneOf: []string{"a", "b"}}, "c", "choice"},
		{validate.Rule{}, "\xff", "invalid"},
	} {
		e, ok := tc.rule.Check(tc.value)
		if ok != (tc.code == "") || e.Code != tc.code {
			t.Errorf("%+v on %q: got %q (ok %v), want %q", tc.rule, tc.value, e.Code, ok, tc.code)
		}
	}
}

// FuzzCardProfile checks the profile rules against an independent reading of them: any
// value is either accepted and within every limit, or refused with a reason.
func FuzzCardProfile(f *testing.F) {
	f.Add("홍길동", "a@b.co", "https://x.example", "소개")
	f.Add("", "bad", "ftp://x", strings.Repeat("가", 1001))
	f.Fuzz(func(t *testing.T, name, email, site, summary string) {
		values := map[string]string{"name_ko": name, "email": email, "site": site, "summary": summary}
		errs := validate.CardProfile().Check(values)
		for field, v := range values {
			e, refused := errs[field]
			if refused && e.Code == "" {
				t.Fatalf("%s refused without a reason", field)
			}
			if refused {
				continue
			}
			if !utf8.ValidString(v) {
				t.Fatalf("%s: invalid UTF-8 accepted", field)
			}
			r := validate.CardProfile()[field]
			if n := utf8.RuneCountInString(v); r.MaxLen > 0 && n > r.MaxLen {
				t.Fatalf("%s: %d characters accepted, max %d", field, n, r.MaxLen)
			}
			if field == "name_ko" && v == "" {
				t.Fatal("empty required name accepted")
			}
			if field == "email" && v != "" && (!strings.Contains(v, "@") || strings.ContainsAny(v, " <>")) {
				t.Fatalf("email %q accepted", v)
			}
			if field == "site" && v != "" && !strings.HasPrefix(v, "http://") && !strings.HasPrefix(v, "https://") {
				t.Fatalf("site %q accepted", v)
			}
		}
	})
}

func FuzzSlug(f *testing.F) {
	f.Add("demo")
	f.Add("-Admin-")
	f.Fuzz(func(t *testing.T, slug string) {
		errs := validate.CardSettings().Check(map[string]string{"slug": slug})
		if len(errs) > 0 {
			return
		}
		if slug == "" || len(slug) > 64 || strings.Trim(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" ||
			strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") {
			t.Fatalf("slug %q accepted", slug)
		}
		for _, r := range validate.ReservedSlugs() {
			if slug == r {
				t.Fatalf("reserved slug %q accepted", slug)
			}
		}
	})
}

// FuzzContact holds the contact rules to the product's limits: name 1–50, email required,
// valid and at most 254, message 1–2000 characters.
func FuzzContact(f *testing.F) {
	f.Add("홍길동", "a@b.co", "안녕하세요")
	f.Add("", "not-an-email", "")
	f.Fuzz(func(t *testing.T, name, email, message string) {
		errs := validate.Contact().Check(map[string]string{"name": name, "email": email, "message": message})
		n, m := utf8.RuneCountInString(name), utf8.RuneCountInString(message)
		if _, bad := errs["name"]; !bad && (n < 1 || n > 50 || !utf8.ValidString(name)) {
			t.Fatalf("name %q accepted", name)
		}
		if _, bad := errs["message"]; !bad && (m < 1 || m > 2000 || !utf8.ValidString(message)) {
			t.Fatalf("message of %d characters accepted", m)
		}
		if _, bad := errs["email"]; !bad && (email == "" || len(email) > 254 || !strings.Contains(email, "@")) {
			t.Fatalf("email %q accepted", email)
		}
		if _, bad := errs["name"]; bad == (n >= 1 && n <= 50 && utf8.ValidString(name)) {
			t.Fatalf("name %q: refused %v", name, bad)
		}
	})
}
