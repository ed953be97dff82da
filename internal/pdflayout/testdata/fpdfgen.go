//go:build ignore

// fpdfgen writes the fpdf test PDFs: gaps.pdf (words placed one by one, with no space
// characters at all, and a word hyphenated at a line's end) and glyphs.pdf (a list for
// every bullet glyph, star and dot ratings, a letter-spaced heading, a heading no
// vocabulary knows) and form.pdf (a Korean table-form 이력서 drawn as a small program
// draws one: numbered section headings, every cell a stroked rectangle, a grid of labels
// and values, header rows, two tables side by side). Run by make.sh: go run fpdfgen.go.
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

// form draws the cells as fpdf does with a border: each one a stroked rectangle (the
// labels' and headers' filled too), no ruling line of their own.
func form() {
	pdf := fpdf.New("P", "mm", "A4", "/usr/share/fonts/truetype/nanum/")
	pdf.SetCompression(false)
	pdf.AddUTF8Font("Nanum", "", "NanumGothic.ttf")
	pdf.AddUTF8Font("Nanum", "B", "NanumGothicBold.ttf")
	pdf.AddPage()
	pdf.SetFont("Nanum", "B", 18)
	pdf.CellFormat(180, 12, "이 력 서", "", 1, "C", false, 0, "")
	heading := func(s string) {
		pdf.Ln(3)
		pdf.SetFont("Nanum", "B", 11.5)
		pdf.CellFormat(180, 7, s, "", 1, "L", false, 0, "")
		pdf.SetFont("Nanum", "", 9.5)
	}
	grid := func(x float64, widths []float64, rows [][]string, shade func(r, c int) bool) {
		y := pdf.GetY()
		for r, row := range rows {
			pdf.SetXY(x, y+float64(r)*7)
			for c, cell := range row {
				pdf.SetFillColor(230, 230, 230)
				pdf.CellFormat(widths[c], 7, cell, "1", 0, "C", shade(r, c), 0, "")
			}
		}
		pdf.SetY(y + float64(len(rows))*7)
	}
	header := func(r, c int) bool { return r == 0 }
	heading("1. 인적사항")
	grid(15, []float64{25, 65, 25, 65}, [][]string{
		{"성명", "윤서진 (Yoon Seojin)", "생년월일", "1990.04.12"},
		{"주소", "광주광역시 북구 용봉동", "병역구분", "군필"},
	}, func(r, c int) bool { return c%2 == 0 })
	heading("2. 학력사항")
	grid(15, []float64{45, 55, 45, 35}, [][]string{
		{"기간", "학교명", "전공", "구분"},
		{"2009.03 ~ 2013.02", "전남대학교", "토목공학", "학사 졸업"},
	}, header)
	heading("3. 자격증 및 어학")
	top := pdf.GetY()
	grid(15, []float64{50, 35}, [][]string{{"자격증명", "취득일"}, {"토목기사", "2012.11"}, {"측량기사", "2014.05"}}, header)
	pdf.SetY(top)
	grid(105, []float64{35, 25, 30}, [][]string{{"어학시험", "점수", "취득일"}, {"TOEIC", "790", "2021.03"}}, header)
	pdf.SetY(top + 21)
	heading("4. 보유 기술")
	pdf.MultiCell(180, 5.6, "· AutoCAD Civil 3D, MIDAS Civil", "", "L", false)
	if err := pdf.OutputFileAndClose("form.pdf"); err != nil {
		log.Fatal(err)
	}
}

func main() {
	gaps()
	glyphs()
	form()
}
