package migrations

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
)

// Fingerprint names the schema that dir's migrations ("sqlite" or "mysql") build: a hash
// of every file's name and contents. Tests migrate one template database per fingerprint
// and copy it, instead of running every migration for every test; a changed or added
// migration changes the fingerprint, so a stale template is never used.
func Fingerprint(dir string) (string, error) {
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, e := range entries { // ReadDir sorts by name
		b, err := fs.ReadFile(files, dir+"/"+e.Name())
		if err != nil {
			return "", err
		}
		h.Write([]byte(e.Name()))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
