package ogimage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"golang.org/x/image/draw"
)

// IconSize is a link icon's side in pixels: shown at 20 px in a signature, drawn at twice
// that for sharp screens.
const IconSize = 40

// IconPNG draws a link's icon for mail programs, which show no SVG: the service's first
// letter in white on a disc of the card's colour.
func (d *Drawer) IconPNG(letter string) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, IconSize, IconSize))
	disc := image.NewNRGBA(img.Bounds())
	draw.Draw(disc, disc.Bounds(), image.NewUniform(accent), image.Point{}, draw.Src)
	if err := d.text(disc, letter, 24, color.White, IconSize/2, IconSize/2+9, true); err != nil {
		return nil, err
	}
	draw.DrawMask(img, img.Bounds(), disc, image.Point{}, roundMask(IconSize), image.Point{}, draw.Over)
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img); err != nil {
		return nil, fmt.Errorf("ogimage: icon: %w", err)
	}
	return out.Bytes(), nil
}
