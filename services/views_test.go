package services_test

import (
	"testing"

	"sitecard/services"
)

func TestIsBot(t *testing.T) {
	for ua, bot := range map[string]bool{
		"": true,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)": true,
		"facebookexternalhit/1.1": true,
		"curl/8.0.1":              true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120":  true,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 KAKAOTALK 10.4": false,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36":    false,
	} {
		if got := services.IsBot(ua); got != bot {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, bot)
		}
	}
}
