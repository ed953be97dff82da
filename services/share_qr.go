package services

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// QRBitmap encodes text as a QR code's modules (true is dark), quiet zone included, for
// the printed sheet and the video-call background to draw.
func QRBitmap(text string) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("services: qr code: %w", err)
	}
	return q.Bitmap(), nil
}
