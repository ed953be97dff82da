// Package cardsheet sets a card as printable business cards: 90×50 mm, ten to an A4 page
// with crop marks, the fronts (name, title, contact, photo) on the first page and the
// backs (the QR code of the card's address) on the second, placed so that a sheet printed
// on both sides, flipped on its long edge, puts each back behind its front.
package cardsheet

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/fonts"
)

// The sheet's geometry, in millimetres.
const (
	CardW, CardH = 90.0, 50.0
	Cols, Rows   = 2, 5
	pageW, pageH = 210.0, 297.0
	// left and top centre the grid on the page.
	left = (pageW - Cols*CardW) / 2
	top  = (pageH - Rows*CardH) / 2
	// A crop mark is a 5 mm line 2 mm outside the cut.
	markGap, markLen = 2.0, 5.0
	pad              = 6.0
)

// Card is what the cards show. QR is the back's code as modules (true is dark), quiet
// zone included.
type Card struct {
	Lang, Title, Author     string
	Name, AltName, JobTitle string
	Org                     string
	Contacts                []string
	Photo                   []byte
	PhotoType               string // "JPG" or "PNG"
	QR                      [][]bool
	URL                     string // printed under the code
}

// PDF sets the sheet.
func PDF(c Card) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(0, 0, 0)
	p.SetAutoPageBreak(false, 0)
	p.AddUTF8FontFromBytes("Nanum", "", fonts.Regular)
	p.AddUTF8FontFromBytes("Nanum", "B", fonts.Bold)
	p.SetTitle(c.Title, true)
	p.SetAuthor(c.Author, true)
	p.SetCreator("sitecard", true)
	p.SetLang(c.Lang)
	photo := false
	if len(c.Photo) > 0 {
		info := p.RegisterImageOptionsReader("photo", fpdf.ImageOptions{ImageType: c.PhotoType}, bytes.NewReader(c.Photo))
		photo = p.Ok() && info != nil
		p.ClearError() // an unreadable photo leaves the cards without it
	}

	p.AddPage()
	cropMarks(p)
	for row := range Rows {
		for col := range Cols {
			front(p, c, left+float64(col)*CardW, top+float64(row)*CardH, photo)
		}
	}
	p.AddPage()
	cropMarks(p)
	for row := range Rows {
		for col := range Cols {
			// Flipped on the long edge, a front's column comes out on the other side.
			back(p, c, left+float64(Cols-1-col)*CardW, top+float64(row)*CardH)
		}
	}
	var out bytes.Buffer
	if err := p.Output(&out); err != nil {
		return nil, fmt.Errorf("cardsheet: %w", err)
	}
	return out.Bytes(), nil
}

// cropMarks draws the marks where the cuts go, outside the grid so that none shows on a
// card.
func cropMarks(p *fpdf.Fpdf) {
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.15)
	right, bottom := left+Cols*CardW, top+Rows*CardH
	for col := 0; col <= Cols; col++ {
		x := left + float64(col)*CardW
		p.Line(x, top-markGap-markLen, x, top-markGap)
		p.Line(x, bottom+markGap, x, bottom+markGap+markLen)
	}
	for row := 0; row <= Rows; row++ {
		y := top + float64(row)*CardH
		p.Line(left-markGap-markLen, y, left-markGap, y)
		p.Line(right+markGap, y, right+markGap+markLen, y)
	}
}

func front(p *fpdf.Fpdf, c Card, x, y float64, photo bool) {
	textW := CardW - 2*pad
	if photo {
		const side = 18.0
		p.ImageOptions("photo", x+CardW-pad-side, y+pad, side, side, false, fpdf.ImageOptions{ImageType: c.PhotoType}, 0, "")
		textW -= side + 3
	}
	p.SetXY(x+pad, y+pad)
	p.SetFont("Nanum", "B", 13)
	p.SetTextColor(0x1d, 0x21, 0x30)
	p.CellFormat(textW, 6.5, fit(p, c.Name, textW), "", 2, "L", false, 0, "")
	if c.AltName != "" {
		p.SetFont("Nanum", "", 7.5)
		p.SetTextColor(0x5d, 0x64, 0x78)
		p.CellFormat(textW, 4, fit(p, c.AltName, textW), "", 2, "L", false, 0, "")
	}
	if c.JobTitle != "" {
		p.SetFont("Nanum", "B", 8.5)
		p.SetTextColor(0x6a, 0x5c, 0xff)
		p.CellFormat(textW, 4.5, fit(p, c.JobTitle, textW), "", 2, "L", false, 0, "")
	}
	if c.Org != "" {
		p.SetFont("Nanum", "", 7.5)
		p.SetTextColor(0x5d, 0x64, 0x78)
		p.CellFormat(textW, 4, fit(p, c.Org, textW), "", 2, "L", false, 0, "")
	}
	// The contacts sit at the bottom, one a line, as many as fit.
	p.SetFont("Nanum", "", 7)
	p.SetTextColor(0x1d, 0x21, 0x30)
	const line = 3.6
	n := min(len(c.Contacts), 4)
	for i, s := range c.Contacts[:n] {
		p.SetXY(x+pad, y+CardH-pad-float64(n-i)*line)
		p.CellFormat(CardW-2*pad, line, fit(p, s, CardW-2*pad), "", 0, "L", false, 0, "")
	}
}

func back(p *fpdf.Fpdf, c Card, x, y float64) {
	if len(c.QR) == 0 {
		return
	}
	const side = 32.0
	qx, qy := x+(CardW-side)/2, y+(CardH-side)/2-3
	m := side / float64(len(c.QR))
	p.SetFillColor(0, 0, 0)
	for r, row := range c.QR {
		for col := 0; col < len(row); col++ {
			if !row[col] {
				continue
			}
			start := col
			for col < len(row) && row[col] {
				col++
			}
			// A run of dark modules as one rectangle, a hair wider so that no white seam
			// shows between runs when rasterised.
			p.Rect(qx+float64(start)*m, qy+float64(r)*m, float64(col-start)*m+0.01, m+0.01, "F")
		}
	}
	if c.URL != "" {
		p.SetFont("Nanum", "", 6.5)
		p.SetTextColor(0x5d, 0x64, 0x78)
		p.SetXY(x+pad, qy+side+1)
		p.CellFormat(CardW-2*pad, 3.5, fit(p, c.URL, CardW-2*pad), "", 0, "C", false, 0, "")
	}
}

// fit shortens s with an ellipsis until it fits w millimetres in the current font.
func fit(p *fpdf.Fpdf, s string, w float64) string {
	if p.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
