package qrcode_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"sitecard/internal/qrcode"
)

// The SVG is well-formed XML whatever the title holds (a card owner's name can hold
// markup), names itself with the title for screen readers, and is dark on white; the
// bitmap is a square with its quiet zone; a text too long for any QR code is an error,
// not a panic or a truncated code.
func TestQRCodesAreWellFormedAndRefuseWhatDoesNotFit(t *testing.T) {
	svg, err := qrcode.SVG("https://card.example/c/alice", `<script>"Alice" & 'Bob'</script>`)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Title string `xml:"title"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	if doc.Title != `<script>"Alice" & 'Bob'</script>` {
		t.Errorf("title %q", doc.Title)
	}
	if strings.Contains(svg, "<script>") || !strings.Contains(svg, `fill="#fff"`) || !strings.Contains(svg, `fill="#000"`) {
		t.Errorf("markup in the title escaped the SVG, or it is not dark on white:\n%s", svg)
	}
	bits, err := qrcode.Bitmap("https://card.example/c/alice")
	if err != nil {
		t.Fatal(err)
	}
	if len(bits) < 21+8 {
		t.Fatalf("%d modules a side: smaller than a QR code with its quiet zone", len(bits))
	}
	for y, row := range bits {
		if len(row) != len(bits) {
			t.Fatalf("row %d has %d modules of %d", y, len(row), len(bits))
		}
		if row[0] || row[len(row)-1] {
			t.Fatalf("row %d is dark at the edge: no quiet zone", y)
		}
	}
	if _, err := qrcode.SVG(strings.Repeat("x", 4000), "too long"); err == nil {
		t.Error("4,000 characters made a QR code")
	}
	if _, err := qrcode.Bitmap(strings.Repeat("x", 4000)); err == nil {
		t.Error("4,000 characters made a QR bitmap")
	}
}
