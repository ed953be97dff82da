// Package cvpdf sets a card as an A4 PDF résumé: the name, title and contacts with the
// photo, the summary, then each section, with no page break inside an item. Text stays
// text (selectable, searchable), in NanumSquare, which fpdf embeds as a subset of the
// glyphs used.
package cvpdf

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/fonts"
)

// CV is what the résumé shows, already in its language.
type CV struct {
	Lang                         string // "ko" or "en", the document's language
	Name, AltName, JobTitle      string
	Contacts                     []string // email, phone, site, the card's address
	Summary                      string
	Photo                        []byte // JPEG or PNG, or nil
	PhotoType                    string // "JPG" or "PNG"
	Sections                     []Section
	ProfilesTitle                string
	Profiles                     []Profile
	Title, Author, Creator, Note string
}

// Section is a titled list of entries.
type Section struct {
	Title   string
	Entries []Entry
}

// Entry is one item: its title and period on a line, then a subtitle and a detail.
type Entry struct {
	Title, Period, Subtitle, Detail, URL string
}

// Profile is a link, named.
type Profile struct {
	Name, URL string
}

const (
	pageW, pageH              = 210.0, 297.0
	margin                    = 18.0
	contentW                  = pageW - 2*margin
	bottom                    = pageH - margin
	accentR, accentG, accentB = 0x6a, 0x5c, 0xff
)

// PDF sets the résumé.
func PDF(cv CV) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.AddUTF8FontFromBytes("Nanum", "", fonts.Regular)
	p.AddUTF8FontFromBytes("Nanum", "B", fonts.Bold)
	p.SetTitle(cv.Title, true)
	p.SetAuthor(cv.Author, true)
	p.SetCreator(cv.Creator, true)
	p.SetLang(cv.Lang)
	p.AddPage()

	// The header: the photo on the right, the name and title on the left.
	textW := contentW
	if len(cv.Photo) > 0 {
		info := p.RegisterImageOptionsReader("photo", fpdf.ImageOptions{ImageType: cv.PhotoType}, bytes.NewReader(cv.Photo))
		if p.Ok() && info != nil {
			p.ImageOptions("photo", pageW-margin-32, margin, 32, 32, false, fpdf.ImageOptions{ImageType: cv.PhotoType}, 0, "")
			textW -= 38
		}
		p.ClearError() // an unreadable photo leaves the résumé without it
	}
	p.SetFont("Nanum", "B", 22)
	p.SetTextColor(0x1d, 0x21, 0x30)
	p.MultiCell(textW, 10, cv.Name, "", "L", false)
	if cv.AltName != "" {
		p.SetFont("Nanum", "", 12)
		p.SetTextColor(0x5d, 0x64, 0x78)
		p.MultiCell(textW, 6, cv.AltName, "", "L", false)
	}
	if cv.JobTitle != "" {
		p.SetFont("Nanum", "B", 13)
		p.SetTextColor(accentR, accentG, accentB)
		p.MultiCell(textW, 8, cv.JobTitle, "", "L", false)
	}
	p.SetFont("Nanum", "", 9.5)
	p.SetTextColor(0x5d, 0x64, 0x78)
	for _, c := range cv.Contacts {
		p.MultiCell(textW, 5, c, "", "L", false)
	}
	p.SetY(max(p.GetY(), margin+34) + 4)
	rule(p)
	if cv.Summary != "" {
		p.SetFont("Nanum", "", 10.5)
		p.SetTextColor(0x1d, 0x21, 0x30)
		p.MultiCell(contentW, 5.6, cv.Summary, "", "L", false)
		p.Ln(3)
	}
	for _, s := range cv.Sections {
		if len(s.Entries) == 0 {
			continue
		}
		heading(p, s.Title, entryHeight(p, s.Entries[0]))
		for _, e := range s.Entries {
			entry(p, e)
		}
	}
	if len(cv.Profiles) > 0 {
		heading(p, cv.ProfilesTitle, 6)
		p.SetFont("Nanum", "", 10)
		for _, pr := range cv.Profiles {
			keep(p, 6)
			p.SetTextColor(0x1d, 0x21, 0x30)
			p.CellFormat(40, 6, pr.Name, "", 0, "L", false, 0, "")
			p.SetTextColor(accentR, accentG, accentB)
			p.CellFormat(contentW-40, 6, pr.URL, "", 1, "L", false, 0, pr.URL)
		}
	}
	if cv.Note != "" {
		p.SetY(bottom - 4)
		p.SetFont("Nanum", "", 7.5)
		p.SetTextColor(0x99, 0x9c, 0xaa)
		p.CellFormat(contentW, 4, cv.Note, "", 0, "R", false, 0, "")
	}
	var out bytes.Buffer
	if err := p.Output(&out); err != nil {
		return nil, fmt.Errorf("cvpdf: %w", err)
	}
	return out.Bytes(), nil
}

func rule(p *fpdf.Fpdf) {
	p.SetDrawColor(0xe3, 0xe6, 0xf0)
	p.Line(margin, p.GetY(), pageW-margin, p.GetY())
	p.Ln(4)
}

// heading sets a section's title, on a new page if the title and the first entry (first)
// would not fit together.
func heading(p *fpdf.Fpdf, title string, first float64) {
	keep(p, 11+first)
	p.Ln(2)
	p.SetFont("Nanum", "B", 12.5)
	p.SetTextColor(accentR, accentG, accentB)
	p.CellFormat(contentW, 7, title, "", 1, "L", false, 0, "")
	p.SetDrawColor(accentR, accentG, accentB)
	p.Line(margin, p.GetY(), margin+16, p.GetY())
	p.Ln(2)
}

// keep starts a new page unless h millimetres still fit on this one.
func keep(p *fpdf.Fpdf, h float64) {
	if p.GetY()+h > bottom-6 {
		p.AddPage()
	}
}

const periodW = 38.0

// lines is how many lines s takes at width w in the current font.
func lines(p *fpdf.Fpdf, s string, w float64) int {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n := 0
	for _, para := range strings.Split(s, "\n") {
		n += max(1, len(p.SplitText(para, w)))
	}
	return n
}

// entryHeight is how tall an entry is set, to keep it on one page.
func entryHeight(p *fpdf.Fpdf, e Entry) float64 {
	p.SetFont("Nanum", "B", 10.5)
	h := float64(lines(p, e.Title, contentW-periodW)) * 5.6
	p.SetFont("Nanum", "", 9.5)
	h += float64(lines(p, e.Subtitle, contentW)) * 5
	h += float64(lines(p, e.Detail, contentW)) * 5
	return h + 2.5
}

func entry(p *fpdf.Fpdf, e Entry) {
	keep(p, entryHeight(p, e))
	y := p.GetY()
	p.SetFont("Nanum", "", 9.5)
	p.SetTextColor(0x5d, 0x64, 0x78)
	p.SetXY(pageW-margin-periodW, y)
	p.CellFormat(periodW, 5.6, e.Period, "", 0, "R", false, 0, "")
	p.SetXY(margin, y)
	p.SetFont("Nanum", "B", 10.5)
	p.SetTextColor(0x1d, 0x21, 0x30)
	p.MultiCell(contentW-periodW, 5.6, e.Title, "", "L", false)
	p.SetFont("Nanum", "", 9.5)
	if e.Subtitle != "" {
		p.SetTextColor(0x5d, 0x64, 0x78)
		p.MultiCell(contentW, 5, e.Subtitle, "", "L", false)
	}
	if e.Detail != "" {
		p.SetTextColor(0x1d, 0x21, 0x30)
		p.MultiCell(contentW, 5, e.Detail, "", "L", false)
	}
	p.Ln(2.5)
}
