package services_test

import (
	"strings"
	"testing"

	"sitecard/services"
)

func TestSourceOf(t *testing.T) {
	const own = "card.example.com"
	for _, c := range []struct {
		v    services.Visit
		want string
	}{
		{services.Visit{Src: "qr"}, "qr"},
		{services.Visit{Src: "Conf-2026_Seoul.a"}, "conf-2026_seoul.a"},
		{services.Visit{Src: "<script>"}, "other"},
		{services.Visit{Src: "caf\u00e9"}, "other"},
		{services.Visit{Src: strings.Repeat("x", 33)}, "other"},
		{services.Visit{Src: "sig", UserAgent: "Mozilla KAKAOTALK 10"}, "sig"},
		{services.Visit{UserAgent: "Mozilla KAKAOTALK 10"}, "app:kakaotalk"},
		{services.Visit{UserAgent: "Mozilla Instagram 300"}, "app:instagram"},
		{services.Visit{UserAgent: "Mozilla [FBAN/FBIOS;FBAV/400]"}, "app:facebook"},
		{services.Visit{UserAgent: "Mozilla Safari Line/13.0"}, "app:line"},
		{services.Visit{Referer: "https://www.Google.com/search?q=x"}, "ref:google.com"},
		{services.Visit{Referer: "android-app://com.google.android.gm/"}, "ref:com.google.android.gm"},
		{services.Visit{Referer: "https://card.example.com/c/a", OwnHost: own}, "direct"},
		{services.Visit{Referer: "https://" + strings.Repeat("a", 70) + ".com/"}, "other"},
		{services.Visit{Referer: "https://xn--bcher-kva.example/"}, "ref:xn--bcher-kva.example"},
		{services.Visit{Referer: "not a url"}, "direct"},
		{services.Visit{}, "direct"},
	} {
		if c.v.OwnHost == "" {
			c.v.OwnHost = own
		}
		if got := services.SourceOf(c.v); got != c.want {
			t.Errorf("SourceOf(%+v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestPageSource(t *testing.T) {
	const own = "card.example.com"
	for _, c := range []struct{ ref, ua, want string }{
		{"https://card.example.com/c/a?src=qr", "", "qr"},
		{"https://card.example.com/c/a?lang=en&src=NFC", "", "nfc"},
		{"https://evil.example/c/a?src=qr", "", "direct"}, // another site's page says nothing
		{"https://card.example.com/c/a", "KAKAOTALK", "app:kakaotalk"},
		{"", "", "direct"},
	} {
		if got := services.PageSource(c.ref, c.ua, own); got != c.want {
			t.Errorf("PageSource(%q, %q) = %q, want %q", c.ref, c.ua, got, c.want)
		}
	}
}

// Whatever a visitor sends, the source kept is short and of the allowed characters.
func FuzzSourceOf(f *testing.F) {
	f.Add("qr", "https://a.example/", "Mozilla")
	f.Add("", "http://[::1]:80/", "KAKAOTALK")
	f.Fuzz(func(t *testing.T, src, ref, ua string) {
		s := services.SourceOf(services.Visit{Src: src, Referer: ref, UserAgent: ua, OwnHost: "card.example.com"})
		if len(s) == 0 || len(s) > len(services.RefPrefix)+services.MaxHostLen {
			t.Fatalf("source %q", s)
		}
		for _, c := range s {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c)) {
				t.Fatalf("source %q has %q", s, c)
			}
		}
	})
}
