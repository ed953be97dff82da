package imaging

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // decoder for the accepted photo formats
)

// ErrNotImage is data that is not a JPEG, PNG or WebP image of a size above zero.
var ErrNotImage = errors.New("imaging: not a JPEG, PNG or WebP image")

// Header is what an image's header says: its size, its format ("jpeg", "png" or "webp")
// and how many bytes a pixel takes once decoded.
type Header struct {
	Width, Height int
	Format        string
	BytesPerPixel int
}

// Pixels is the image's area.
func (h Header) Pixels() int { return h.Width * h.Height }

// DecodedBytes is the memory the decoded pixels take.
func (h Header) DecodedBytes() int { return h.Pixels() * h.BytesPerPixel }

// ReadHeader reads data's header only, which costs nothing however large the image
// claims to be (a small file can claim a huge 16-bit image).
func ReadHeader(data []byte) (Header, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png" && format != "webp") || cfg.Width <= 0 || cfg.Height <= 0 {
		return Header{}, ErrNotImage
	}
	return Header{Width: cfg.Width, Height: cfg.Height, Format: format, BytesPerPixel: bytesPerPixel(cfg.ColorModel)}, nil
}

func bytesPerPixel(m color.Model) int {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	return 4 // decoded into 8-bit RGBA or smaller
}

// Cost is the memory that decoding an image of header h and scaling it to fit side (see
// Reencode) take at most: the decoded pixels, the halved copy, and Catmull-Rom's buffer
// of one float64 RGBA per source row and target column.
func Cost(h Header, side int) int64 {
	s := int64(min(max(h.Width, h.Height), 2*side))
	return int64(h.DecodedBytes()) + s*s*4 + s*int64(side)*32 + 1<<20
}

// Decode decodes data (JPEG, PNG or WebP).
func Decode(data []byte) (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, ErrNotImage
	}
	return img, nil
}

// Fit scales img to fit side×side with s, keeping its shape.
func Fit(img image.Image, side int, s draw.Scaler) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	scale := float64(side) / float64(max(w, h))
	dst := image.NewNRGBA(image.Rect(0, 0, max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))))
	s.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// Reencode scales img down to fit side (never up) and encodes it: as JPEG when asJPEG,
// otherwise as PNG, which keeps transparency. It returns the file and its extension.
// Encoding anew also drops the original's metadata (location, camera).
func Reencode(img image.Image, side int, asJPEG bool) ([]byte, string, error) {
	// A large image is first halved in one cheap pass to twice the display size: Catmull-Rom
	// straight from 24 megapixels would hold a float64 per channel for every source row
	// and target column (80 MB), and the second pass smooths what the first skipped.
	if b := img.Bounds(); max(b.Dx(), b.Dy()) > 2*side {
		img = Fit(img, 2*side, draw.ApproxBiLinear)
	}
	if b := img.Bounds(); max(b.Dx(), b.Dy()) > side {
		img = Fit(img, side, draw.CatmullRom)
	}
	var out bytes.Buffer
	if !asJPEG {
		if err := png.Encode(&out, img); err != nil {
			return nil, "", fmt.Errorf("imaging: encode: %w", err)
		}
		return out.Bytes(), "png", nil
	}
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: 88}); err != nil {
		return nil, "", fmt.Errorf("imaging: encode: %w", err)
	}
	return out.Bytes(), "jpg", nil
}
