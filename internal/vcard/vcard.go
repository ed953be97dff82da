package vcard

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // stored photos are JPEG or PNG
	"strings"

	"golang.org/x/image/draw"

	"sitecard/internal/i18n"
	"sitecard/internal/socials"
	"sitecard/models"
)

// Options are what a vCard holds beside the card: its version (3.0, what phones
// import most reliably, or 4.0), its language, the card's address and a JPEG photo. A
// compact vCard (for a QR code, which holds about 2 KB) leaves out the photo, the note and
// the profiles.
type Options struct {
	Version int // 3 or 4
	Lang    string
	URL     string
	Photo   []byte // a JPEG (Photo), or nil
	Compact bool
}

// Card renders a card (localized) as a vCard 3.0 (RFC 2426) or 4.0 (RFC 6350): the
// name and title in the language, the other name as a nickname, the organisation (the
// latest job's), every profile as a URL typed with its service, the summary as a note and
// the photo.
func Card(c *models.Card, o Options) string {
	v4 := o.Version == 4
	var b strings.Builder
	line := func(s string) {
		b.WriteString(fold(s))
		b.WriteString("\r\n")
	}
	line("BEGIN:VCARD")
	if v4 {
		line("VERSION:4.0")
		line("KIND:individual")
	} else {
		line("VERSION:3.0")
	}
	fn, other, title := c.NameKo, c.NameEn, c.JobTitle
	if o.Lang == i18n.English && c.NameEn != "" {
		fn, other = c.NameEn, c.NameKo
	}
	if o.Lang == i18n.English && c.JobTitleEn != "" {
		title = c.JobTitleEn
	}
	if fn == "" {
		fn, other = other, ""
	}
	line("FN:" + vEscape(fn))
	family, given := splitName(fn)
	line("N:" + vEscape(family) + ";" + vEscape(given) + ";;;")
	if other != "" && other != fn {
		line("NICKNAME:" + vEscape(other))
	}
	if title != "" {
		line("TITLE:" + vEscape(title))
	}
	if org := Organisation(c); org != "" {
		line("ORG:" + vEscape(org))
	}
	if c.Email != "" {
		if v4 {
			line("EMAIL;TYPE=work;PREF=1:" + vEscape(c.Email))
		} else {
			line("EMAIL;TYPE=INTERNET,PREF:" + vEscape(c.Email))
		}
	}
	if c.Phone != "" {
		if v4 {
			line("TEL;VALUE=uri;TYPE=cell,voice:tel:" + strings.ReplaceAll(c.Phone, " ", "-"))
		} else {
			line("TEL;TYPE=CELL,VOICE:" + vEscape(c.Phone))
		}
	}
	if c.Site != "" {
		line("URL:" + vEscape(c.Site))
	}
	line("URL;TYPE=sitecard:" + vEscape(o.URL))
	if !o.Compact {
		for _, l := range c.Links {
			line("URL;TYPE=" + socials.Recognize(l.URL).ID + ":" + vEscape(l.URL))
		}
		if len(o.Photo) > 0 {
			if v4 {
				line("PHOTO:data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(o.Photo))
			} else {
				line("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.StdEncoding.EncodeToString(o.Photo))
			}
		}
		if c.Summary != "" {
			line("NOTE:" + vEscape(c.Summary))
		}
	}
	line("END:VCARD")
	return b.String()
}

// Organisation is where the owner works: the first item of the card's first work
// section (the card lists the latest first).
func Organisation(c *models.Card) string {
	for _, s := range c.Sections {
		if s.Kind == models.SectionWork && len(s.Items) > 0 {
			return s.Items[0].Title
		}
	}
	return ""
}

// photoSide is the photo's side in a vCard: contacts show it small, and every byte is
// base64 in the file.
const photoSide = 256

// Photo turns a stored photo (JPEG or PNG) into the vCard's: a JPEG of at most
// 256×256, on white where the photo was transparent.
func Photo(stored []byte) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(stored))
	if err != nil {
		return nil, fmt.Errorf("vcard: photo: %w", err)
	}
	b := img.Bounds()
	scale := min(1, float64(photoSide)/float64(max(b.Dx(), b.Dy())))
	dst := image.NewRGBA(image.Rect(0, 0, max(1, int(float64(b.Dx())*scale)), max(1, int(float64(b.Dy())*scale))))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, fmt.Errorf("vcard: photo: %w", err)
	}
	return out.Bytes(), nil
}

// splitName splits a Korean name into family and given name by its first syllable, and a
// western name by its last word.
func splitName(name string) (family, given string) {
	name = strings.TrimSpace(name)
	if f := strings.Fields(name); len(f) > 1 {
		return f[len(f)-1], strings.Join(f[:len(f)-1], " ")
	}
	r := []rune(name)
	if len(r) >= 2 && r[0] >= 0xAC00 && r[0] <= 0xD7A3 {
		return string(r[:1]), string(r[1:])
	}
	return name, ""
}

var vReplacer = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func vEscape(s string) string { return vReplacer.Replace(s) }

// fold breaks a content line after 75 octets without splitting a UTF-8 character.
func fold(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	return b.String()
}
