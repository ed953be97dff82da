// Package ogimage draws a card's share image (1200×630, what messengers and social sites
// show for a link): the name, with Hangul set in an embedded font, the job title, the
// photo or the initials, in the card's colours. It runs on the server, with no browser.
//
//   - ogimage.go: the share image, og.png.
//   - background.go: the 1920×1080 video-call background, with the card's QR code.
//   - icon.go: the links' icons as PNG, for mail programs, which show no SVG.
package ogimage
