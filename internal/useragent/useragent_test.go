package useragent_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"sitecard/internal/useragent"
)

// User-Agent headers as the browsers send them.
func TestParseRealHeaders(t *testing.T) {
	for ua, want := range map[string]useragent.Device{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36":                                {"Chrome", "Windows"},
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0":                  {"Edge", "Windows"},
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15":                          {"Safari", "macOS"},
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1":        {"Safari", "iOS"},
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1": {"Chrome", "iOS"},
		"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0":                                                                         {"Firefox", "Linux"},
		"Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36":     {"Samsung Internet", "Android"},
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36":                          {"Chrome", "Android"},
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Whale/4.29.282.14 Safari/537.36":              {"Whale", "Windows"},
		"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36":                                 {"Chrome", "ChromeOS"},
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0":                  {"Opera", "Windows"},
		"curl/8.11.0": {"curl", ""},
		"":            {"", ""},
		"<script>":    {"", ""},
	} {
		if got := useragent.Parse(ua); got != want {
			t.Errorf("%q: %+v, want %+v", ua, got, want)
		}
	}
}

// Whatever the header, the names come from the list, never from the header itself.
func FuzzParse(f *testing.F) {
	f.Add("Mozilla/5.0 (Windows NT 10.0) Chrome/1 Safari/1")
	f.Add(strings.Repeat("Firefox/", 1000))
	f.Fuzz(func(t *testing.T, ua string) {
		d := useragent.Parse(ua)
		for _, s := range []string{d.Browser, d.OS} {
			if len(s) > 20 || !utf8.ValidString(s) || strings.ContainsAny(s, "<>/;") {
				t.Fatalf("%q gave %+v", ua, d)
			}
		}
	})
}
