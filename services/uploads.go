package services

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for the accepted photo formats
	_ "image/png"
	"os"
	"path/filepath"
	"regexp"

	_ "golang.org/x/image/webp"

	"sitecard/models"
)

// Upload limits.
const (
	MaxPhotoBytes  = 5 << 20
	MaxResumeBytes = 10 << 20
	maxPhotoPixels = 40_000_000 // refuse decompression bombs before decoding
)

// FileKind says which of a card's files an upload is.
type FileKind int

// The files a card can have.
const (
	Photo FileKind = iota
	Resume
)

// Uploads stores checked files under generated names in a folder outside the web root.
type Uploads struct {
	dir string
}

// NewUploads returns the upload store in dir.
func NewUploads(dir string) *Uploads { return &Uploads{dir: dir} }

// storedName is what every stored file is called; anything else is never read or removed.
var storedName = regexp.MustCompile(`^[a-f0-9]{32}\.(jpg|png|webp|pdf)$`)

// fileTypes are the stored files' extensions with their MIME type and vCard PHOTO type.
var fileTypes = map[string][2]string{
	".jpg": {"image/jpeg", "JPEG"}, ".png": {"image/png", "PNG"}, ".webp": {"image/webp", "WEBP"}, ".pdf": {"application/pdf", ""},
}

// StoredFile is an upload read back.
type StoredFile struct {
	Body        []byte
	ContentType string
	VCardType   string // JPEG, PNG or WEBP for photos
	IsPDF       bool
}

// Open reads a stored file. Names that were not generated here are never looked up.
func (u *Uploads) Open(name string) (*StoredFile, error) {
	if !storedName.MatchString(name) {
		return nil, models.ErrNotFound
	}
	body, err := os.ReadFile(filepath.Join(u.dir, name))
	if err != nil {
		return nil, models.ErrNotFound
	}
	t := fileTypes[filepath.Ext(name)]
	return &StoredFile{Body: body, ContentType: t[0], VCardType: t[1], IsPDF: filepath.Ext(name) == ".pdf"}, nil
}

// Save checks data as kind and stores it under a generated name, which it returns.
func (u *Uploads) Save(kind FileKind, data []byte) (string, error) {
	if kind == Resume {
		return u.SaveResume(data)
	}
	return u.SavePhoto(data)
}

// SavePhoto checks that data is a JPEG, PNG or WebP image of at most 5 MB by decoding it,
// stores it and returns its generated name.
func (u *Uploads) SavePhoto(data []byte) (string, error) {
	if len(data) == 0 {
		return "", fieldError("photo", "file_required")
	}
	if len(data) > MaxPhotoBytes {
		return "", fieldError("photo", "file_too_big", 5)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	ext := map[string]string{"jpeg": "jpg", "png": "png", "webp": "webp"}[format]
	if err != nil || ext == "" {
		return "", fieldError("photo", "not_image")
	}
	if cfg.Width*cfg.Height > maxPhotoPixels || cfg.Width == 0 || cfg.Height == 0 {
		return "", fieldError("photo", "not_image")
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return "", fieldError("photo", "not_image")
	}
	return u.write(data, ext)
}

// SaveResume checks that data is a PDF of at most 10 MB and stores it.
func (u *Uploads) SaveResume(data []byte) (string, error) {
	if len(data) == 0 {
		return "", fieldError("resume", "file_required")
	}
	if len(data) > MaxResumeBytes {
		return "", fieldError("resume", "file_too_big", 10)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return "", fieldError("resume", "not_pdf")
	}
	return u.write(data, "pdf")
}

func (u *Uploads) write(data []byte, ext string) (string, error) {
	if err := os.MkdirAll(u.dir, 0o750); err != nil {
		return "", fmt.Errorf("services: uploads folder: %w", err)
	}
	b := make([]byte, 16)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	name := hex.EncodeToString(b) + "." + ext
	tmp := filepath.Join(u.dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return "", fmt.Errorf("services: store upload: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(u.dir, name)); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("services: store upload: %w", err)
	}
	return name, nil
}

// Remove deletes a stored file; names that were not generated here are ignored.
func (u *Uploads) Remove(name string) {
	if storedName.MatchString(name) {
		os.Remove(filepath.Join(u.dir, name))
	}
}
