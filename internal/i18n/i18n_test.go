package i18n_test

import (
	"strings"
	"testing"
	"unsafe"

	"sitecard/internal/i18n"
)

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct{ cookie, header, want string }{
		{"", "", "ko"},
		{"", "en-US,en;q=0.9", "en"},
		{"", "ko-KR,ko;q=0.9,en;q=0.8", "ko"},
		{"", "en;q=0.3, ko;q=0.7", "ko"},
		{"", "fr-FR, en;q=0.5", "en"},
		{"", "fr, de", "ko"},
		{"ko", "en", "ko"},
		{"en", "ko", "en"},
		{"xx", "en", "en"},
	} {
		if got := i18n.Negotiate(tc.cookie, tc.header); got != tc.want {
			t.Errorf("Negotiate(%q, %q) = %q, want %q", tc.cookie, tc.header, got, tc.want)
		}
	}
}

func TestCatalogsAgreeAndTranslate(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.T("ko", "close") != "닫기" || c.T("en", "close") != "Close" {
		t.Errorf("close: %q / %q", c.T("ko", "close"), c.T("en", "close"))
	}
}

func FuzzNegotiate(f *testing.F) {
	f.Add("", "en-US,en;q=0.9")
	f.Add("en", ";;;q=abc,,")
	f.Fuzz(func(t *testing.T, cookie, header string) {
		if got := i18n.Negotiate(cookie, header); !i18n.Supported(got) {
			t.Fatalf("Negotiate(%q, %q) = %q, not a supported language", cookie, header, got)
		}
	})
}

// A field in English is labelled as its Korean twin with one suffix: "이름" and
// "이름 (영어)", never "이름표 (영어)" or "(영문)".
func TestEnglishFieldsAreNamedAsTheirTwins(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, twin := range []struct{ field, ko string }{
		{"name", "name_ko"}, {"job_title", "job_title"}, {"summary", "summary"}, {"title", "title"},
		{"subtitle", "subtitle"}, {"detail", "detail"}, {"label", "label"},
	} {
		en := "field." + twin.field + "_en"
		base := c.T("ko", "field."+twin.ko)
		base = strings.TrimSuffix(base, " (한글)")
		if got, want := c.T("ko", en), base+" (영어)"; got != want {
			t.Errorf("%s: %q, want %q", en, got, want)
		}
		if got, want := c.T("en", en), strings.TrimSuffix(c.T("en", "field."+twin.ko), " (Korean)")+" (English)"; got != want {
			t.Errorf("%s in English: %q, want %q", en, got, want)
		}
	}
}

// The language Negotiate returns outlives the request: fasthttp hands the cookie and the
// header over as views of buffers the next request overwrites, and the page cache keeps
// the language in its keys (a Korean page was once served as the English one).
func TestNegotiateKeepsNothingOfItsArguments(t *testing.T) {
	for _, c := range []struct{ cookie, accept string }{{"en", ""}, {"", "en-US,en;q=0.9"}, {"ko", "en"}} {
		cookie, accept := []byte(c.cookie+" "), []byte(c.accept+" ")
		got := i18n.Negotiate(unsafe.String(&cookie[0], len(c.cookie)), unsafe.String(&accept[0], len(c.accept)))
		want := strings.Clone(got)
		for i := range cookie {
			cookie[i] = 'x'
		}
		for i := range accept {
			accept[i] = 'x'
		}
		if got != want {
			t.Errorf("Negotiate(%q, %q) = %q, which became %q with the next request's bytes", c.cookie, c.accept, want, got)
		}
	}
}
