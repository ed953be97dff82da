package ogimage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"golang.org/x/image/draw"
)

// The video-call background's size: 1080p, what Zoom, Meet and Teams take.
const (
	BackgroundWidth  = 1920
	BackgroundHeight = 1080
)

// Background is what the video-call background shows: the name and job title in the top
// left corner, and the QR code of the card (modules, true is dark, quiet zone included)
// in the bottom right, where the caller's head is not.
type Background struct {
	Name, JobTitle string
	QR             [][]bool
}

// BackgroundPNG draws a video-call background in the card's colours.
func (d *Drawer) BackgroundPNG(b Background) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, BackgroundWidth, BackgroundHeight))
	// The card's two colours, blended across the picture corner to corner.
	for y := 0; y < BackgroundHeight; y++ {
		for x := 0; x < BackgroundWidth; x++ {
			t := (float64(x)/BackgroundWidth + float64(y)/BackgroundHeight) / 2
			img.SetNRGBA(x, y, color.NRGBA{mix(accent.R, accent2.R, t), mix(accent.G, accent2.G, t), mix(accent.B, accent2.B, t), 0xff})
		}
	}
	// The name and title on a white panel, sized to the longer of them.
	size := 64.0
	for size > 36 && d.width(b.Name, size) > 760 {
		size -= 4
	}
	w := max(d.width(b.Name, size), d.width(b.JobTitle, 40)) + 96
	h := 150
	if b.JobTitle != "" {
		h = 210
	}
	draw.Draw(img, image.Rect(60, 60, 60+min(w, 900), 60+h), image.White, image.Point{}, draw.Src)
	if err := d.text(img, b.Name, size, ink, 108, 60+100, false); err != nil {
		return nil, err
	}
	if b.JobTitle != "" {
		if err := d.text(img, b.JobTitle, 40, accent, 108, 60+170, false); err != nil {
			return nil, err
		}
	}
	// The QR code, 8 px a module at the least so that a phone across the call reads it.
	if n := len(b.QR); n > 0 {
		m := max(8, 280/n)
		side := m * n
		x0, y0 := BackgroundWidth-60-side, BackgroundHeight-60-side
		draw.Draw(img, image.Rect(x0, y0, x0+side, y0+side), image.White, image.Point{}, draw.Src)
		for r, row := range b.QR {
			for c, dark := range row {
				if dark {
					draw.Draw(img, image.Rect(x0+c*m, y0+r*m, x0+(c+1)*m, y0+(r+1)*m), image.Black, image.Point{}, draw.Src)
				}
			}
		}
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, img); err != nil {
		return nil, fmt.Errorf("ogimage: background: %w", err)
	}
	return out.Bytes(), nil
}
