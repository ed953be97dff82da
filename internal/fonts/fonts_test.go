package fonts_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"sitecard/internal/fonts"
)

// The embedded fonts are the vendored files (fetch-font.sh).
func TestFontsAreTheRecordedFiles(t *testing.T) {
	recorded, err := os.ReadFile("fonts.sha256")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string][]byte{"NanumSquareR.ttf": fonts.Regular, "NanumSquareB.ttf": fonts.Bold} {
		sum := sha256.Sum256(body)
		if !strings.Contains(string(recorded), hex.EncodeToString(sum[:])+"  fonts-nanum") || !strings.Contains(string(recorded), name) {
			t.Errorf("%s is not the recorded file: run internal/fonts/fetch-font.sh", name)
		}
	}
}
