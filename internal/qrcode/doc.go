// Package qrcode draws QR codes (github.com/skip2/go-qrcode): as SVG for pages, and as
// modules for the printed sheet and the video-call background to draw.
//
// Files:
//   - qrcode.go: SVG and Bitmap.
package qrcode
