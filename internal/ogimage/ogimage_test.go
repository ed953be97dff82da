package ogimage_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"sitecard/internal/ogimage"
)

// A long name is shrunk to fit rather than drawn over the photo.
func TestLongNamesFit(t *testing.T) {
	d, err := ogimage.New()
	if err != nil {
		t.Fatal(err)
	}
	photo := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for i := range photo.Pix {
		photo.Pix[i] = 0x20
		if i%4 == 3 {
			photo.Pix[i] = 0xff // opaque
		}
	}
	out, err := d.PNG(ogimage.Card{Name: strings.Repeat("아주긴이름", 6), JobTitle: "개발자", Photo: photo})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// Right of the text column and left of the photo, the card stays white.
	if c := color.NRGBAModel.Convert(img.At(760, 300)).(color.NRGBA); c != (color.NRGBA{255, 255, 255, 255}) {
		t.Errorf("the name runs into the photo: %v at (760, 300)", c)
	}
	// The photo is in its circle.
	if c := color.NRGBAModel.Convert(img.At(930, 315)).(color.NRGBA); c.R > 0x40 {
		t.Errorf("no photo in the circle: %v", c)
	}
}

func BenchmarkPNG(b *testing.B) {
	d, err := ogimage.New()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := d.PNG(ogimage.Card{Name: "홍길동", AltName: "Gildong Hong", JobTitle: "백엔드 개발자", Initials: "홍"}); err != nil {
			b.Fatal(err)
		}
	}
}
