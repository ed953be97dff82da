// Package sealed encrypts the secrets the site keeps at rest (Kakao tokens, webhook
// secrets) with AES-256-GCM under a key derived from SECRET_KEY, so that the same
// setting opens them on every instance and after a restore.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
)

// ErrWrongKey means a sealed value does not open under this key: SECRET_KEY changed.
var ErrWrongKey = errors.New("sealed: the value does not decrypt (was SECRET_KEY changed?)")

// Box seals and opens values for one purpose.
type Box struct{ aead cipher.AEAD }

// New returns the box for purpose (such as "sitecard/tokens/v1"): one key per purpose,
// derived from secret.
func New(secret []byte, purpose string) *Box {
	key := Key(secret, purpose)
	block, _ := aes.NewCipher(key[:]) // a 32-byte key never fails
	aead, _ := cipher.NewGCM(block)
	return &Box{aead: aead}
}

// Key derives the 32-byte key for purpose from secret: each purpose (sealing tokens,
// authenticating backups) has its own key, and none of them is SECRET_KEY itself.
func Key(secret []byte, purpose string) [32]byte {
	return sha256.Sum256(append([]byte(purpose+"\x00"), secret...))
}

// Seal encrypts plain with a random nonce, as base64.
func (b *Box) Seal(plain string) string {
	nonce := make([]byte, b.aead.NonceSize())
	rand.Read(nonce) //nolint:errcheck // crypto/rand does not fail
	return base64.StdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, []byte(plain), nil))
}

// Open decrypts what Seal made; ErrWrongKey when it was sealed under another key.
func (b *Box) Open(sealed string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", errors.New("sealed: the ciphertext is malformed")
	}
	plain, err := b.aead.Open(nil, raw[:b.aead.NonceSize()], raw[b.aead.NonceSize():], nil)
	if err != nil {
		return "", ErrWrongKey
	}
	return string(plain), nil
}
