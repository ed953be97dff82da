package sealed_test

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"testing"

	"sitecard/internal/sealed"
)

// Issue 24 §5: a value sealed for one purpose (a Kakao token, a webhook secret, a backup's
// MAC) opens only under the same SECRET_KEY and for the same purpose, and no purpose's key
// is SECRET_KEY itself.
func TestASealedValueOpensOnlyForItsPurposeAndKey(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	tokens := sealed.New(secret, "sitecard/tokens/v1")
	box := tokens.Seal("kakao-refresh-token")
	if got, err := tokens.Open(box); err != nil || got != "kakao-refresh-token" {
		t.Fatalf("the same box: %q %v", got, err)
	}
	if got, err := sealed.New(secret, "sitecard/tokens/v1").Open(box); err != nil || got != "kakao-refresh-token" {
		t.Errorf("another box for the same purpose and key (another instance): %q %v", got, err)
	}
	if _, err := sealed.New(secret, "sitecard/webhooks/v1").Open(box); !errors.Is(err, sealed.ErrWrongKey) {
		t.Errorf("a box for another purpose opened it: %v", err)
	}
	if _, err := sealed.New([]byte("another secret key of 32 bytes!!"), "sitecard/tokens/v1").Open(box); !errors.Is(err, sealed.ErrWrongKey) {
		t.Errorf("another SECRET_KEY opened it: %v", err)
	}
	a, b := sealed.Key(secret, "sitecard/tokens/v1"), sealed.Key(secret, "sitecard/backup/v2")
	if a == b || a == sha256.Sum256(secret) || a == [32]byte(secret) {
		t.Error("two purposes share a key, or a key is SECRET_KEY (or its bare hash)")
	}
	if first, second := tokens.Seal("same"), tokens.Seal("same"); first == second {
		t.Error("the same value seals to the same text twice: the nonce is not random")
	}
}

// What is stored may be cut short or not sealed at all (a hand edit, a damaged restore):
// every such value is an error, never a panic.
func TestMalformedSealedValuesAreErrors(t *testing.T) {
	box := sealed.New([]byte("0123456789abcdef0123456789abcdef"), "sitecard/tokens/v1")
	whole := box.Seal("kakao-refresh-token")
	raw, _ := base64.StdEncoding.DecodeString(whole)
	for name, v := range map[string]string{
		"empty":                "",
		"not base64":           "not base64!",
		"shorter than a nonce": base64.StdEncoding.EncodeToString(raw[:5]),
		"a nonce and no more":  base64.StdEncoding.EncodeToString(raw[:12]),
		"cut in the tag":       base64.StdEncoding.EncodeToString(raw[:len(raw)-1]),
		"a flipped bit":        base64.StdEncoding.EncodeToString(append(append([]byte{}, raw[:len(raw)-1]...), raw[len(raw)-1]^1)),
		"plain text, not kept": "kakao-refresh-token",
	} {
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("%s: panic %v", name, p)
				}
			}()
			if got, err := box.Open(v); err == nil {
				t.Errorf("%s: opened as %q", name, got)
			}
		}()
	}
}
