package ogimage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"unicode"

	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"sitecard/internal/fonts"
)

// Size is the image's size, as og:image:width and og:image:height say it.
const (
	Width  = 1200
	Height = 630
)

// Card is what the image shows.
type Card struct {
	Name, AltName, JobTitle, Initials string
	Photo                             image.Image // nil for the initials
}

// The card's colours (the site's accent and its second colour).
var (
	accent  = color.NRGBA{0x6a, 0x5c, 0xff, 0xff}
	accent2 = color.NRGBA{0xff, 0x6a, 0x88, 0xff}
	ink     = color.NRGBA{0x1d, 0x21, 0x30, 0xff}
	muted   = color.NRGBA{0x5d, 0x64, 0x78, 0xff}
)

// Drawer holds the parsed fonts: NanumSquare Bold, and Noto Sans Bold for the letters it
// lacks (é, ß, Ł), chosen letter by letter. It is safe for concurrent use.
type Drawer struct {
	fonts    []*opentype.Font
	fallback *fonts.Fallback
}

// New parses the embedded fonts.
func New() (*Drawer, error) {
	files := [][]byte{fonts.Bold, fonts.LatinBold}
	d := &Drawer{}
	for _, file := range files {
		f, err := opentype.Parse(file)
		if err != nil {
			return nil, fmt.Errorf("ogimage: font: %w", err)
		}
		d.fonts = append(d.fonts, f)
	}
	fb, err := fonts.NewFallback(files...)
	if err != nil {
		return nil, fmt.Errorf("ogimage: %w", err)
	}
	d.fallback = fb
	return d, nil
}

// Undrawn lists the letters of s that the image would draw as an empty box: none, unless
// no embedded font has them.
func (d *Drawer) Undrawn(s string) []rune {
	var out []rune
	for _, run := range d.fallback.Runs(s) {
		for _, r := range run.Text {
			if !d.fallback.Has(run.Font, r) && !unicode.IsSpace(r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// PNG draws the card's share image.
func (d *Drawer) PNG(c Card) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, Width, Height))
	// A band of the card's two colours behind a white card, as on the page.
	for x := 0; x < Width; x++ {
		t := float64(x) / Width
		col := color.NRGBA{mix(accent.R, accent2.R, t), mix(accent.G, accent2.G, t), mix(accent.B, accent2.B, t), 0xff}
		for y := 0; y < Height; y++ {
			img.SetNRGBA(x, y, col)
		}
	}
	card := image.Rect(60, 60, Width-60, Height-60)
	draw.Draw(img, card, image.White, image.Point{}, draw.Src)

	// The photo, or the initials on the colours, in a circle on the right.
	const side = 300
	circle := image.Rect(card.Max.X-60-side, card.Min.Y+(card.Dy()-side)/2, card.Max.X-60, card.Min.Y+(card.Dy()+side)/2)
	disc := image.NewNRGBA(image.Rect(0, 0, side, side))
	if c.Photo != nil {
		draw.CatmullRom.Scale(disc, disc.Bounds(), c.Photo, cropSquare(c.Photo.Bounds()), draw.Src, nil)
	} else {
		draw.Draw(disc, disc.Bounds(), image.NewUniform(accent), image.Point{}, draw.Src)
		if err := d.text(disc, c.Initials, 130, color.White, side/2, side/2+46, true); err != nil {
			return nil, err
		}
	}
	draw.DrawMask(img, circle, disc, image.Point{}, roundMask(side), image.Point{}, draw.Over)

	// The name, the other name and the job title on the left, in the room left of the
	// circle: the name shrunk to fit, the title wrapped on two lines, and what is still
	// too long cut with "…".
	left, room := card.Min.X+70, TextRoom
	size := 84.0
	for size > 40 && d.width(c.Name, size) > room {
		size -= 4
	}
	y := card.Min.Y + 200
	if err := d.text(img, d.fit(c.Name, size, room), size, ink, left, y, false); err != nil {
		return nil, err
	}
	if c.AltName != "" {
		y += 64
		if err := d.text(img, d.fit(c.AltName, 40, room), 40, muted, left, y, false); err != nil {
			return nil, err
		}
	}
	if c.JobTitle != "" {
		y += 80
		for i, line := range d.wrap(c.JobTitle, TitleSize, room, 2) {
			if err := d.text(img, line, TitleSize, accent, left, y+i*56, false); err != nil {
				return nil, err
			}
		}
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("ogimage: %w", err)
	}
	return out.Bytes(), nil
}

// TextRoom is how wide the text column is: from the card's left padding to 60 px before
// the photo's circle.
const TextRoom = (Width - 60 - 60 - 300) - 60 - (60 + 70)

// TitleSize is the job title's size.
const TitleSize = 44.0

func (d *Drawer) face(i int, size float64) (font.Face, error) {
	return opentype.NewFace(d.fonts[i], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// width is how wide s is set at size, each stretch in its font.
func (d *Drawer) width(s string, size float64) int {
	var w fixed.Int26_6
	for _, run := range d.fallback.Runs(s) {
		f, err := d.face(run.Font, size)
		if err != nil {
			return 0
		}
		w += font.MeasureString(f, run.Text)
		f.Close()
	}
	return w.Ceil()
}

// Width is how wide s is drawn at size, for tests that measure the layout.
func (d *Drawer) Width(s string, size float64) int { return d.width(s, size) }

// fit is s, cut with "…" where it would pass room at size.
func (d *Drawer) fit(s string, size float64, room int) string {
	if d.width(s, size) <= room {
		return s
	}
	runes := []rune(strings.TrimSpace(s))
	cut := func(n int) string { return strings.TrimRight(string(runes[:n]), " ,·-") + "…" }
	// The longest start that fits, found by halving: a width grows with the letters.
	lo, hi := 0, len(runes)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.width(cut(mid), size) <= room {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return "…"
	}
	return cut(lo)
}

// wrap breaks s into at most lines lines of room at size, at spaces; a word longer than
// the room, or what does not fit in the last line, is cut with "…".
func (d *Drawer) wrap(s string, size float64, room, lines int) []string {
	words := strings.Fields(s)
	var out []string
	for len(words) > 0 && len(out) < lines {
		if len(out) == lines-1 {
			out = append(out, d.fit(strings.Join(words, " "), size, room))
			break
		}
		n := 1
		for n < len(words) && d.width(strings.Join(words[:n+1], " "), size) <= room {
			n++
		}
		out = append(out, d.fit(strings.Join(words[:n], " "), size, room))
		words = words[n:]
	}
	return out
}

// Wrap is how the image sets a job title, for tests that measure the layout.
func (d *Drawer) Wrap(s string) []string { return d.wrap(s, TitleSize, TextRoom, 2) }

// text sets s with its baseline at y, from x (or centred on x), each stretch in its font.
func (d *Drawer) text(dst draw.Image, s string, size float64, col color.Color, x, y int, centre bool) error {
	if centre {
		x -= d.width(s, size) / 2
	}
	dot := fixed.P(x, y)
	for _, run := range d.fallback.Runs(s) {
		f, err := d.face(run.Font, size)
		if err != nil {
			return fmt.Errorf("ogimage: face: %w", err)
		}
		dr := font.Drawer{Dst: dst, Src: image.NewUniform(col), Face: f, Dot: dot}
		dr.DrawString(run.Text)
		dot = dr.Dot
		f.Close()
	}
	return nil
}

func mix(a, b uint8, t float64) uint8 { return uint8(float64(a)*(1-t) + float64(b)*t) }

// cropSquare is the centred square of r.
func cropSquare(r image.Rectangle) image.Rectangle {
	s := min(r.Dx(), r.Dy())
	x, y := r.Min.X+(r.Dx()-s)/2, r.Min.Y+(r.Dy()-s)/2
	return image.Rect(x, y, x+s, y+s)
}

// roundMask is a disc of side×side with a soft edge.
func roundMask(side int) *image.Alpha {
	m := image.NewAlpha(image.Rect(0, 0, side, side))
	r := float64(side) / 2
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			dx, dy := float64(x)+.5-r, float64(y)+.5-r
			d := r - math.Sqrt(dx*dx+dy*dy)
			m.SetAlpha(x, y, color.Alpha{uint8(255 * clamp(d))})
		}
	}
	return m
}

func clamp(v float64) float64 { return max(0, min(1, v)) }
