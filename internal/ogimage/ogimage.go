// Package ogimage draws a card's share image (1200×630, what messengers and social sites
// show for a link): the name, with Hangul set in an embedded font, the job title, the
// photo or the initials, in the card's colours. It runs on the server, with no browser.
package ogimage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

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

// Drawer holds the parsed font; it is safe for concurrent use.
type Drawer struct {
	font *opentype.Font
}

// New parses the embedded font.
func New() (*Drawer, error) {
	f, err := opentype.Parse(fonts.Bold)
	if err != nil {
		return nil, fmt.Errorf("ogimage: font: %w", err)
	}
	return &Drawer{font: f}, nil
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

	// The name, the other name and the job title on the left, shrunk to fit.
	left, room := card.Min.X+70, circle.Min.X-60-(card.Min.X+70)
	size := 84.0
	for size > 40 && d.width(c.Name, size) > room {
		size -= 4
	}
	y := card.Min.Y + 200
	if err := d.text(img, c.Name, size, ink, left, y, false); err != nil {
		return nil, err
	}
	if c.AltName != "" {
		y += 64
		if err := d.text(img, c.AltName, 40, muted, left, y, false); err != nil {
			return nil, err
		}
	}
	if c.JobTitle != "" {
		y += 80
		if err := d.text(img, c.JobTitle, 44, accent, left, y, false); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("ogimage: %w", err)
	}
	return out.Bytes(), nil
}

func (d *Drawer) face(size float64) (font.Face, error) {
	return opentype.NewFace(d.font, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// width is how wide s is set at size.
func (d *Drawer) width(s string, size float64) int {
	f, err := d.face(size)
	if err != nil {
		return 0
	}
	defer f.Close()
	return font.MeasureString(f, s).Ceil()
}

// text sets s with its baseline at y, from x (or centred on x).
func (d *Drawer) text(dst draw.Image, s string, size float64, col color.Color, x, y int, centre bool) error {
	f, err := d.face(size)
	if err != nil {
		return fmt.Errorf("ogimage: face: %w", err)
	}
	defer f.Close()
	dr := font.Drawer{Dst: dst, Src: image.NewUniform(col), Face: f}
	if centre {
		x -= dr.MeasureString(s).Ceil() / 2
	}
	dr.Dot = fixed.P(x, y)
	dr.DrawString(s)
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
