package backup

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"sitecard/internal/sealed"
)

// macPurpose names the key that authenticates a file's manifest, derived from SECRET_KEY
// as the sealing keys are (and distinct from them).
const macPurpose = "sitecard/backup/v2"

// ErrNotAuthentic is a version 2 file whose manifest does not carry this site's MAC: its
// rows or its manifest were changed after it was written.
var ErrNotAuthentic = errors.New("restore: the file is not authenticated: its manifest does not carry the MAC this SECRET_KEY makes, so its tables or manifest were changed after it was written. Nothing was written")

// manifestMAC is the MAC of a manifest's bytes, as manifest.hmac holds it (hex).
func manifestMAC(secret, manifest []byte) string {
	key := sealed.Key(secret, macPurpose)
	m := hmac.New(sha256.New, key[:])
	m.Write(manifest)
	return hex.EncodeToString(m.Sum(nil))
}

// checkMAC reports whether mac (the entry's text) is manifest's MAC under secret, in
// constant time.
func checkMAC(secret, manifest, mac []byte) bool {
	got, err := hex.DecodeString(strings.TrimSpace(string(mac)))
	if err != nil {
		return false
	}
	want, _ := hex.DecodeString(manifestMAC(secret, manifest)) // our own hex
	return hmac.Equal(got, want)
}
