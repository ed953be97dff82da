package i18n_test

import (
	"testing"

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
