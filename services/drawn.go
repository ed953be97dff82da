package services

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"

	"sitecard/internal/lru"
	"sitecard/internal/qrcode"
	"sitecard/internal/vcard"
	"sitecard/models"
)

// DrawnKind is one of the files drawn from a card for visitors.
type DrawnKind int

// The files Drawn keeps.
const (
	DrawnVCardPhoto DrawnKind = iota // a stored photo decoded and scaled for a vCard
	DrawnVCard
	DrawnQR
	DrawnShareImage // og.png
	DrawnCV         // cv.pdf
	DrawnSitemap    // sitemap.xml and its parts
	DrawnCardSheet  // cards.pdf
	DrawnBackground // background.png
	DrawnIcon       // a link service's icon for mail signatures (CardID 0, Variant the service)
	DrawnResumeJSON // resume.json
	drawnKinds
)

// DrawnKey names one drawn file: its kind, the card and the version of the card it was
// drawn from, its language and what else sets it apart (a vCard's version, a QR code's
// content). Every part is a constant or a copy: none points into a request's buffers.
type DrawnKey struct {
	Kind    DrawnKind
	CardID  int64
	Version string
	Lang    string
	Variant string
}

// Drawn keeps the files drawn from a card (its vCards and their photo, its QR codes, its
// share image and its PDF résumé, and the sitemap of the cards) per card version, in a
// memory-bounded cache, and draws each once however many visitors ask for it at once.
// Whatever an anonymous request can make the site draw is then drawn once per change of
// the card. Draws counts the drawings, for the tests.
type Drawn struct {
	uploads *Uploads
	files   *lru.Memo[DrawnKey, []byte]
	// media keeps stored files (photos, résumés of up to 10 MB) by name, read once
	// however many ask at once: each read is the whole file, out of the database.
	media *lru.Memo[string, *StoredFile]
	draws [drawnKinds]atomic.Int64
	reads atomic.Int64
}

// NewDrawn keeps at most maxEntries files and maxBytes bytes of them, dropping the least
// recently used.
func NewDrawn(uploads *Uploads, maxEntries int, maxBytes int64) *Drawn {
	return &Drawn{uploads: uploads, files: lru.NewMemo[DrawnKey, []byte](maxEntries, maxBytes, nil),
		media: lru.NewMemo[string, *StoredFile](256, mediaBytes, nil)}
}

// mediaBytes bounds the stored files kept in memory: two résumés of the largest kind, or
// many photos (the site runs under GOMEMLIMIT, 200 MiB by default; the page cache and the
// drawn files take 32 MB each).
const mediaBytes = 24 << 20

// Media is a stored file by its name (Uploads.Open), kept in memory: a name is never
// given to another file, so a kept file is right until it is deleted, which Purge
// (called on every change of a card) accounts for.
func (d *Drawn) Media(ctx context.Context, name string) (*StoredFile, error) {
	return d.media.Get(name, func() (*StoredFile, int64, error) {
		d.reads.Add(1)
		f, err := d.uploads.Open(ctx, name)
		if err != nil {
			return nil, 0, err
		}
		return f, int64(len(f.Body)) + 256, nil
	})
}

// MediaReads counts the stored files read from the database by Media.
func (d *Drawn) MediaReads() int64 { return d.reads.Load() }

// Purge forgets the stored files kept, so that a file deleted (a photo replaced) is not
// served from memory. The drawn files are kept by card version and need no purge.
func (d *Drawn) Purge() { d.media.Clear() }

// Get returns the file under key, drawn by draw if it is not kept yet.
func (d *Drawn) Get(key DrawnKey, draw func() ([]byte, error)) ([]byte, error) {
	return d.files.Get(key, func() ([]byte, int64, error) {
		d.draws[key.Kind].Add(1)
		b, err := draw()
		return b, int64(len(b)) + 128, err
	})
}

// Draws counts the files of a kind drawn since Drawn was made (a photo decoded and scaled
// for a vCard, a QR code encoded...): the tests and the benchmarks read it.
func (d *Drawn) Draws(kind DrawnKind) int64 { return d.draws[kind].Load() }

// Size reports the files kept and their bytes (the metrics show them).
func (d *Drawn) Size() (entries int, bytes int64) { return d.files.Len(), d.files.Bytes() }

// VCardPhoto is the stored photo name as a vCard holds it (vcard.Photo): decoded and scaled
// once per photo, which a new upload renames.
func (d *Drawn) VCardPhoto(ctx context.Context, name string) ([]byte, error) {
	return d.Get(DrawnKey{Kind: DrawnVCardPhoto, Variant: name}, func() ([]byte, error) {
		f, err := d.uploads.Open(ctx, name)
		if err != nil {
			return nil, err
		}
		return vcard.Photo(f.Body)
	})
}

// ErrNoPhoto means a vCard was drawn without its photo, which could not be read; the
// vCard is still good.
var ErrNoPhoto = errors.New("services: the vCard's photo could not be read")

// VCard is a published card (localized for o.Lang) as a vCard, with its photo unless o is
// compact, kept per card version. A photo that cannot be read leaves it out, and the
// error (ErrNoPhoto) comes with the vCard, which is not kept then: the next request tries
// the photo again.
func (d *Drawn) VCard(ctx context.Context, c *models.Card, o vcard.Options) ([]byte, error) {
	key := DrawnKey{Kind: DrawnVCard, CardID: c.ID, Version: models.CardVersion(c.UpdatedAt), Lang: o.Lang,
		Variant: strconv.Itoa(o.Version) + "/" + strconv.FormatBool(o.Compact) + "/" + o.URL}
	return d.Get(key, func() ([]byte, error) {
		if !o.Compact && c.PhotoPath != "" {
			var err error
			if o.Photo, err = d.VCardPhoto(ctx, c.PhotoPath); err != nil {
				return []byte(vcard.Card(Localize(c, o.Lang), o)), errors.Join(ErrNoPhoto, err)
			}
		}
		return []byte(vcard.Card(Localize(c, o.Lang), o)), nil
	})
}

// QRCode is a QR code as SVG (qrcode.SVG) of what content returns (the text and the
// code's title), kept per card version; variant says what it encodes (the card's address,
// its contact) and lang its language. content runs only when the code is drawn.
func (d *Drawn) QRCode(c *models.Card, lang, variant string, content func() (text, title string)) ([]byte, error) {
	key := DrawnKey{Kind: DrawnQR, CardID: c.ID, Version: models.CardVersion(c.UpdatedAt), Lang: lang, Variant: variant}
	return d.Get(key, func() ([]byte, error) {
		svg, err := qrcode.SVG(content())
		return []byte(svg), err
	})
}
