//go:build ignore

// fpdfgen writes the fpdf test PDFs: gaps.pdf (words placed one by one, with no space
// characters at all, and a word hyphenated at a line's end) and glyphs.pdf (a list for
// every bullet glyph, star and dot ratings, a letter-spaced heading, a heading no
// vocabulary knows). Run by make.sh: go run fpdfgen.go.
package main

import (
	"log"
	"strings"

	"github.com/go-pdf/fpdf"
)

const dejavu = "/usr/share/fonts/truetype/dejavu/"

func newPDF() *fpdf.Fpdf {
	pdf := fpdf.New("P", "pt", "A4", dejavu)
	pdf.SetCompression(false)
	pdf.AddUTF8Font("DejaVu", "", "DejaVuSans.ttf")
	pdf.AddUTF8Font("DejaVu", "B", "DejaVuSans-Bold.ttf")
	pdf.AddPage()
	return pdf
}

// words writes each word of s on its own at y, from x, apart by one space's width: the
// page has the gaps between words but no space character.
func words(pdf *fpdf.Fpdf, x, y float64, s string) float64 {
	space := pdf.GetStringWidth(" ")
	for _, w := range strings.Fields(s) {
		pdf.Text(x, y, w)
		x += pdf.GetStringWidth(w) + space
	}
	return x
}

func gaps() {
	pdf := newPDF()
	pdf.SetFont("DejaVu", "B", 16)
	words(pdf, 72, 90, "Noor Haddad")
	pdf.SetFont("DejaVu", "B", 12)
	words(pdf, 72, 130, "Summary")
	pdf.SetFont("DejaVu", "", 10)
	// A paragraph set line by line to the same right edge, the second line ending in a
	// hyphenated word.
	lines := []string{
		"I lead a team of seven modellers who forecast river levels for",
		"the regional water board, and I wrote the calibration and devel-",
		"opment guides the team still follows today.",
	}
	for i, l := range lines {
		words(pdf, 72, 150+float64(i)*13, l)
	}
	pdf.SetFont("DejaVu", "B", 12)
	words(pdf, 72, 210, "Experience")
	pdf.SetFont("DejaVu", "", 10)
	words(pdf, 72, 230, "Senior hydrologist at Basalt Water since 2018.")
	if err := pdf.OutputFileAndClose("gaps.pdf"); err != nil {
		log.Fatal(err)
	}
}

func glyphs() {
	pdf := newPDF()
	pdf.SetFont("DejaVu", "B", 16)
	pdf.Text(72, 80, "Kim Hana")
	pdf.SetFont("DejaVu", "B", 12)
	pdf.Text(72, 115, "E X P E R I E N C E")
	pdf.SetFont("DejaVu", "", 10)
	y := 135.0
	for _, b := range []string{"•", "◦", "▪", "■", "●", "○", "·", "-", "*", "➢", "✓", "1.", "2)"} {
		pdf.Text(80, y, b)
		pdf.Text(96, y, "Item after the "+b+" glyph, kept whole")
		y += 14
	}
	y += 10
	pdf.SetFont("DejaVu", "B", 12)
	pdf.Text(72, y, "Talks & Awards")
	pdf.SetFont("DejaVu", "", 10)
	pdf.Text(72, y+20, "Keynote at GopherCon Korea 2024")
	pdf.SetFont("DejaVu", "B", 12)
	pdf.Text(72, y+50, "L A N G U A G E S")
	pdf.SetFont("DejaVu", "", 10)
	pdf.Text(72, y+70, "Korean")
	pdf.Text(200, y+70, "●●●●●")
	pdf.Text(72, y+84, "English")
	pdf.Text(200, y+84, "●●●○○")
	pdf.Text(72, y+98, "Spanish")
	pdf.Text(200, y+98, "■■□□□")
	if err := pdf.OutputFileAndClose("glyphs.pdf"); err != nil {
		log.Fatal(err)
	}
}

func main() {
	gaps()
	glyphs()
}
