// Package useragent names the device behind a User-Agent header the way a member
// recognises it on the account page ("Firefox on Windows"): a browser and a system, from
// the tokens the common browsers send. It never fails: what it does not recognise it
// leaves out.
package useragent

import "strings"

// Device is a browser and the system it runs on; either may be "".
type Device struct {
	Browser, OS string
}

// maxLen bounds the header that is looked at: a long one costs no more than this.
const maxLen = 512

// Parse names the device of a User-Agent header.
func Parse(ua string) Device {
	if len(ua) > maxLen {
		ua = ua[:maxLen]
	}
	return Device{Browser: browser(ua), OS: system(ua)}
}

// browser checks the tokens in an order that matters: Edge and Opera also say Chrome,
// Chrome also says Safari.
func browser(ua string) string {
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"EdgA/", "Edge"}, {"EdgiOS/", "Edge"},
		{"OPR/", "Opera"}, {"SamsungBrowser/", "Samsung Internet"}, {"Whale/", "Whale"},
		{"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"}, {"CriOS/", "Chrome"},
		{"Chromium/", "Chromium"}, {"HeadlessChrome/", "Chrome"}, {"Chrome/", "Chrome"},
		{"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			return b.name
		}
	}
	return ""
}

func system(ua string) string {
	for _, s := range []struct{ token, name string }{
		{"iPhone", "iOS"}, {"iPad", "iPadOS"}, {"Android", "Android"}, {"CrOS", "ChromeOS"},
		{"Windows", "Windows"}, {"Macintosh", "macOS"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, s.token) {
			return s.name
		}
	}
	return ""
}
