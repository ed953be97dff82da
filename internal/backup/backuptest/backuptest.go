// Package backuptest reads backup files in tests: what a test of the download or of a
// hostile restore needs to look inside a file. Only test files import it, so `testing`
// stays out of the binary.
package backuptest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"testing"
)

// Entries reads a backup file's entries in order: their names, and each one's bytes.
func Entries(t testing.TB, file []byte) (names []string, bodies map[string][]byte) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	bodies = map[string][]byte{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return names, bodies
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		names = append(names, h.Name)
		bodies[h.Name] = b
	}
}
