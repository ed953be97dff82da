package static

// The embedded files are served under fingerprinted URLs, so that they can be cached by
// browsers for a year and still change the moment a file does.

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
)

// Prefix is where the assets are served.
const Prefix = "/static/"

// File is one asset, ready to send.
type File struct {
	Body        []byte
	Gzip        []byte
	ContentType string
	ETag        string
}

// Manifest maps logical names ("css/app.css") to fingerprinted URLs and back.
type Manifest struct {
	urls  map[string]string
	files map[string]*File
}

// Load reads every file of fsys and fingerprints it.
func Load(fsys fs.FS) (*Manifest, error) {
	m := &Manifest{urls: map[string]string{}, files: map[string]*File{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".sha256") {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:5])
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hash + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		f := &File{Body: body, ContentType: ct, ETag: `"` + hash + `"`}
		if compressible(ct) {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			zw.Write(body) //nolint:errcheck // bytes.Buffer writes do not fail
			zw.Close()     //nolint:errcheck
			if buf.Len() < len(body) {
				f.Gzip = buf.Bytes()
			}
		}
		m.urls[p] = Prefix + hashed
		m.files[hashed] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	return m, nil
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "svg") || strings.Contains(ct, "json")
}

// Lookup returns the fingerprinted URL of a logical name ("css/app.css").
func (m *Manifest) Lookup(name string) (string, bool) {
	u, ok := m.urls[name]
	return u, ok
}

// File finds a file by its fingerprinted path (without Prefix).
func (m *Manifest) File(hashed string) (*File, bool) {
	f, ok := m.files[hashed]
	return f, ok
}
