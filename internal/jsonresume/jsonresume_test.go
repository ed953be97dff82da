package jsonresume_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// The vendored schema is the pinned release's file (internal/jsonresume/fetch-schema.sh).
func TestSchemaIsThePinnedRelease(t *testing.T) {
	body, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	recorded, err := os.ReadFile("schema.json.sha256")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	if want := strings.Fields(string(recorded))[0]; hex.EncodeToString(sum[:]) != want || !strings.Contains(string(recorded), "@jsonresume/schema@1.3.1") {
		t.Errorf("schema.json sha256 %x, recorded %q: run internal/jsonresume/fetch-schema.sh", sum, recorded)
	}
}
