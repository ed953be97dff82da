package signature_test

import (
	"testing"

	"sitecard/internal/signature"
)

// Issue 24 §5: the phone link of a signature dials the number the card shows: its digits,
// and a + only where it starts an international number. An extension or a note written
// after the number ("+1", "(+ext)") never puts a + in the middle of what the phone dials.
func TestThePhoneLinkDialsTheNumber(t *testing.T) {
	for phone, want := range map[string]string{
		"+82 10-1234-5678":       "tel:+821012345678",
		"010-1234-5678":          "tel:01012345678",
		"010-1234-5678 +1":       "tel:010123456781",
		"02) 555-0100 (+ext 12)": "tel:02555010012",
		"javascript:alert(1)":    "tel:1",
	} {
		if got := string(signature.Signature{Phone: phone}.TelURL()); got != want {
			t.Errorf("%q: %q, want %q", phone, got, want)
		}
	}
}
