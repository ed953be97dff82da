package qrcode

import (
	"fmt"
	"strings"

	skip2 "github.com/skip2/go-qrcode"
)

// SVG encodes text as a QR code drawn with one SVG path, dark on white so that phone
// cameras read it in either theme; title names it for screen readers.
func SVG(text, title string) (string, error) {
	q, err := skip2.New(text, skip2.Medium)
	if err != nil {
		return "", fmt.Errorf("qrcode: %w", err)
	}
	bits := q.Bitmap() // includes the quiet zone
	n := len(bits)
	var path strings.Builder
	for y, row := range bits {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&path, "M%d %dh%dv1h-%dz", start, y, x-start, x-start)
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges"><title>%s</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, n*8, n*8, xmlEscape(title), n, n, path.String()), nil
}

var xmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlReplacer.Replace(s) }

// Bitmap encodes text as a QR code's modules (true is dark), quiet zone included, for
// the printed sheet and the video-call background to draw.
func Bitmap(text string) ([][]bool, error) {
	q, err := skip2.New(text, skip2.Medium)
	if err != nil {
		return nil, fmt.Errorf("qrcode: %w", err)
	}
	return q.Bitmap(), nil
}
