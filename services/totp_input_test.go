package services

import (
	"strings"
	"testing"
)

// What a member types into the code field: a code with a space, a recovery code in
// capitals with its dash, and whatever else. digits keeps digits only or refuses; a
// recovery code is ten characters of its alphabet or nothing.
func FuzzCodeInput(f *testing.F) {
	for _, s := range []string{"123 456", "123-456", "abcde-fghij", "ABCDE FGHIJ", "12345a", "", "０１２３４５", strings.Repeat("9", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		if d := digits(code); strings.Trim(d, "0123456789") != "" {
			t.Fatalf("digits(%q) = %q", code, d)
		}
		if rc := normalRecoveryCode(code); rc != "" && (len(rc) != 10 || strings.Trim(rc, "abcdefghijkmnpqrstuvwxyz23456789") != "") {
			t.Fatalf("normalRecoveryCode(%q) = %q", code, rc)
		}
	})
}

func TestCodeInputAsTyped(t *testing.T) {
	for in, want := range map[string]string{"123 456": "123456", "123-456": "123456", "12a456": "", "０１２３４５": ""} {
		if got := digits(in); got != want {
			t.Errorf("digits(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"ABCDE-FGHIJ": "abcdefghij", " abcde fghij ": "abcdefghij", "abcde-fghi0": "", "abcde": ""} {
		if got := normalRecoveryCode(in); got != want {
			t.Errorf("normalRecoveryCode(%q) = %q, want %q", in, got, want)
		}
	}
}
