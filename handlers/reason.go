package handlers

import (
	"regexp"
	"strings"
)

// kakaoCode finds Kakao's error code (KOE322, -401, …) in a stored reason.
var kakaoCode = regexp.MustCompile(`(KOE\d{3}|\s-\d{1,3}\s)`)

// Reason is what a page shows for a stored failure reason (a message's last error, a
// token's, the refresh job's): a sentence in the page's language, with Kakao's error code
// when there is one. The stored text, Kakao's own words included, is for logs and the
// JSON status only.
func (v *View) Reason(raw string) string {
	switch {
	case raw == "":
		return ""
	case strings.Contains(raw, "the card has no owner"):
		return v.T("reason.no_owner")
	case strings.Contains(raw, "not connected"):
		return v.T("reason.not_connected")
	case strings.Contains(raw, "does not decrypt"):
		return v.T("reason.secret_changed")
	}
	if m := kakaoCode.FindString(raw); m != "" {
		return v.T("reason.kakao") + " (" + strings.TrimSpace(m) + ")"
	}
	for _, net := range []string{"timeout", "deadline", "connection refused", "no such host", "EOF", "HTTP 5"} {
		if strings.Contains(raw, net) {
			return v.T("reason.network")
		}
	}
	return v.T("reason.other")
}
