package imaging_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"sitecard/internal/imaging"
)

func encoded(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&b, img)
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "gif":
		err = gif.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The header is read without decoding: its size and format, and the memory a 16-bit
// image takes (twice an 8-bit one's). What is not a JPEG, PNG or WebP is refused,
// a GIF and a truncated file included.
func TestHeadersSayWhatDecodingWillCost(t *testing.T) {
	small := image.NewNRGBA(image.Rect(0, 0, 30, 20))
	h, err := imaging.ReadHeader(encoded(t, small, "png"))
	if err != nil || h.Width != 30 || h.Height != 20 || h.Format != "png" || h.DecodedBytes() != 30*20*4 {
		t.Errorf("an 8-bit PNG: %+v %v", h, err)
	}
	deep := image.NewNRGBA64(image.Rect(0, 0, 30, 20))
	if h, err := imaging.ReadHeader(encoded(t, deep, "png")); err != nil || h.DecodedBytes() != 30*20*8 {
		t.Errorf("a 16-bit PNG: %+v %v", h, err)
	}
	jpg := encoded(t, image.NewRGBA(image.Rect(0, 0, 64, 48)), "jpeg")
	for name, data := range map[string][]byte{
		"empty": nil, "text": []byte("not an image"), "gif": encoded(t, small, "gif"), "truncated": jpg[:20],
	} {
		if _, err := imaging.ReadHeader(data); !errors.Is(err, imaging.ErrNotImage) {
			t.Errorf("%s: %v, want ErrNotImage", name, err)
		}
	}
	big, huge := imaging.Header{Width: 4000, Height: 3000, BytesPerPixel: 4}, imaging.Header{Width: 6000, Height: 4000, BytesPerPixel: 8}
	if c := imaging.Cost(big, 800); c < int64(big.DecodedBytes()) || imaging.Cost(huge, 800) <= c {
		t.Errorf("cost of 12 MP: %d, of 24 MP at 16 bits: %d; want at least the pixels, and more for more", c, imaging.Cost(huge, 800))
	}
}

// A photo is scaled down to fit the side, keeping its shape, and never up; a JPEG stays
// a JPEG, anything else becomes a PNG that keeps its transparency.
func TestReencodeFitsTheSideAndKeepsTransparency(t *testing.T) {
	wide := image.NewNRGBA(image.Rect(0, 0, 4000, 1000))
	for i := range wide.Pix {
		wide.Pix[i] = 0 // transparent
	}
	wide.Set(10, 10, color.NRGBA{255, 0, 0, 255})
	body, ext, err := imaging.Reencode(wide, 800, false)
	if err != nil || ext != "png" {
		t.Fatalf("%q %v", ext, err)
	}
	out, format, err := image.Decode(bytes.NewReader(body))
	if err != nil || format != "png" {
		t.Fatalf("%s %v", format, err)
	}
	if b := out.Bounds(); b.Dx() != 800 || b.Dy() != 200 {
		t.Errorf("4000×1000 to fit 800: %v", b)
	}
	if _, _, _, a := out.At(400, 150).RGBA(); a != 0 {
		t.Errorf("transparency lost: alpha %d", a)
	}
	small := image.NewRGBA(image.Rect(0, 0, 120, 90))
	body, ext, err = imaging.Reencode(small, 800, true)
	if err != nil || ext != "jpg" {
		t.Fatalf("%q %v", ext, err)
	}
	if h, err := imaging.ReadHeader(body); err != nil || h.Format != "jpeg" || h.Width != 120 || h.Height != 90 {
		t.Errorf("a small JPEG: %+v %v, want it as it was", h, err)
	}
}

// Whatever bytes arrive, reading the header neither panics nor accepts a size of zero
// or a format outside the three; what it accepts, Cost prices at least at its pixels.
func FuzzReadHeader(f *testing.F) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for _, format := range []string{"png", "jpeg", "gif"} {
		var b bytes.Buffer
		switch format {
		case "png":
			png.Encode(&b, img) //nolint:errcheck // a seed
		case "jpeg":
			jpeg.Encode(&b, img, nil) //nolint:errcheck // a seed
		case "gif":
			gif.Encode(&b, img, nil) //nolint:errcheck // a seed
		}
		f.Add(b.Bytes())
	}
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := imaging.ReadHeader(data)
		if err != nil {
			if !errors.Is(err, imaging.ErrNotImage) {
				t.Fatalf("error %v is not ErrNotImage", err)
			}
			return
		}
		if h.Width <= 0 || h.Height <= 0 || h.BytesPerPixel <= 0 || (h.Format != "jpeg" && h.Format != "png" && h.Format != "webp") {
			t.Fatalf("accepted %+v", h)
		}
		if c := imaging.Cost(h, 800); c < int64(h.DecodedBytes()) {
			t.Fatalf("cost %d below the pixels' %d", c, h.DecodedBytes())
		}
	})
}
