package services

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/imaging"
	"sitecard/models"
)

// Upload limits.
const (
	MaxPhotoBytes  = 5 << 20
	MaxResumeBytes = 10 << 20
	// A photo's header is read first: one over these would cost too much to decode (a
	// small file can claim a huge 16-bit image).
	maxPhotoPixels = 24_000_000
	// MaxResumeJSONBytes is the largest JSON Resume file a new card is made from.
	MaxResumeJSONBytes = 1 << 20
	maxDecodeBytes     = 128 << 20
	// photoSide is the longest side a stored photo keeps; the card shows it at 120 px.
	photoSide = 800
)

// FileKind says which of a card's files an upload is.
type FileKind int

// The files a card can have.
const (
	Photo FileKind = iota
	Resume
)

// Uploads checks files and stores them under generated names, in the database.
type Uploads struct {
	db  bun.IDB
	dir string // where earlier versions kept uploads as files; read once, at start-up
	now func() time.Time
}

// NewUploads returns the upload store on db. dir is the old uploads folder.
func NewUploads(db bun.IDB, dir string) *Uploads { return &Uploads{db: db, dir: dir, now: time.Now} }

// storedName is what every stored file is called; anything else is never looked up.
var storedName = regexp.MustCompile(`^[a-f0-9]{32}\.(jpg|png|webp|pdf)$`)

// fileTypes are the stored files' extensions with their MIME type and vCard PHOTO type.
func fileTypes(ext string) (mime, vcard string) {
	switch ext {
	case ".jpg":
		return "image/jpeg", "JPEG"
	case ".png":
		return "image/png", "PNG"
	case ".webp":
		return "image/webp", "WEBP"
	}
	return "application/pdf", ""
}

// StoredFile is an upload read back.
type StoredFile struct {
	Name        string
	Body        []byte
	ContentType string
	VCardType   string // JPEG, PNG or WEBP for photos
	IsPDF       bool
}

// Open reads a stored file. Names that were not generated here are never looked up.
func (u *Uploads) Open(ctx context.Context, name string) (*StoredFile, error) {
	if !storedName.MatchString(name) {
		return nil, models.ErrNotFound
	}
	f, err := models.UploadByName(ctx, u.db, name)
	if err != nil {
		return nil, err
	}
	_, vcard := fileTypes(filepath.Ext(name))
	return &StoredFile{Name: name, Body: f.Body, ContentType: f.ContentType, VCardType: vcard, IsPDF: filepath.Ext(name) == ".pdf"}, nil
}

// upload is a file that passed its checks, ready to store.
type upload struct {
	body []byte
	ext  string
	// text is a résumé's text and textStatus why it has none (see readResume).
	text       *string
	textStatus string
}

// photoHeader checks that data is a JPEG, PNG or WebP image of at most 5 MB whose
// header promises a size that may be decoded.
func photoHeader(data []byte) (imaging.Header, error) {
	if len(data) == 0 {
		return imaging.Header{}, fieldError("photo", "file_required")
	}
	if len(data) > MaxPhotoBytes {
		return imaging.Header{}, fieldError("photo", "file_too_big", 5)
	}
	h, err := imaging.ReadHeader(data)
	if err != nil {
		return imaging.Header{}, fieldError("photo", "not_image")
	}
	if h.Pixels() > maxPhotoPixels || h.DecodedBytes() > maxDecodeBytes {
		return imaging.Header{}, fieldError("photo", "image_too_large")
	}
	return h, nil
}

// photoCost is the memory decoding data and scaling it to photoSide will take, from its
// header.
func photoCost(data []byte) (int64, error) {
	h, err := photoHeader(data)
	if err != nil {
		return 0, err
	}
	return imaging.Cost(h, photoSide), nil
}

// checkPhoto checks data as photoHeader does, and re-encodes it at display size (a JPEG
// as JPEG, a PNG or WebP as PNG), which also drops its metadata (location, camera).
func checkPhoto(data []byte) (upload, error) {
	h, err := photoHeader(data)
	if err != nil {
		return upload{}, err
	}
	img, err := imaging.Decode(data)
	if err != nil {
		return upload{}, fieldError("photo", "not_image")
	}
	body, ext, err := imaging.Reencode(img, photoSide, h.Format == "jpeg")
	if err != nil {
		return upload{}, fmt.Errorf("services: photo: %w", err)
	}
	return upload{body: body, ext: ext}, nil
}

// checkResume checks that data is a PDF of at most 10 MB.
func checkResume(data []byte) (upload, error) {
	if len(data) == 0 {
		return upload{}, fieldError("resume", "file_required")
	}
	if len(data) > MaxResumeBytes {
		return upload{}, fieldError("resume", "file_too_big", 10)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return upload{}, fieldError("resume", "not_pdf")
	}
	return upload{body: data, ext: "pdf"}, nil
}

// store writes a checked file under a generated name, which it returns; db may be a
// transaction.
func store(ctx context.Context, db bun.IDB, f upload, now time.Time) (string, error) {
	b := make([]byte, 16)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	name := hex.EncodeToString(b) + "." + f.ext
	mime, _ := fileTypes("." + f.ext)
	if err := models.InsertUpload(ctx, db, &models.Upload{Name: name, ContentType: mime, Body: f.body, Text: f.text,
		TextStatus: f.textStatus, CreatedAt: now.UTC()}); err != nil {
		return "", err
	}
	return name, nil
}

// removeStored deletes a stored file; names that were not generated here are ignored.
func removeStored(ctx context.Context, db bun.IDB, name string) error {
	if !storedName.MatchString(name) {
		return nil
	}
	return models.DeleteUpload(ctx, db, name)
}

// MigrateFiles moves the files earlier versions kept in the uploads folder into the
// database, once: a file already there is skipped. The folder itself is left alone.
func (u *Uploads) MigrateFiles(ctx context.Context, log *slog.Logger) error {
	entries, err := os.ReadDir(u.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("services: uploads folder: %w", err)
	}
	moved := 0
	for _, e := range entries {
		name := e.Name()
		if !storedName.MatchString(name) {
			continue
		}
		if there, err := models.UploadExists(ctx, u.db, name); err != nil || there {
			if err != nil {
				return err
			}
			continue
		}
		body, err := os.ReadFile(filepath.Join(u.dir, name))
		if err != nil {
			return fmt.Errorf("services: read %s: %w", name, err)
		}
		mime, _ := fileTypes(filepath.Ext(name))
		if err := models.InsertUpload(ctx, u.db, &models.Upload{Name: name, ContentType: mime, Body: body, CreatedAt: u.now().UTC()}); err != nil {
			return err
		}
		moved++
	}
	if moved > 0 {
		log.Info("uploads moved into the database", "count", moved)
	}
	return nil
}

// TextStatus says why a stored résumé has no text for the chatbot (TextNone: a scan), or
// TextRead; a file not read yet counts as read, since reading it is under way.
func (u *Uploads) TextStatus(ctx context.Context, name string) (string, error) {
	_, status, err := models.UploadText(ctx, u.db, name)
	if errors.Is(err, models.ErrNotFound) {
		return TextRead, nil
	}
	return status, err
}
