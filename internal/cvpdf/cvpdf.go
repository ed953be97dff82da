// Package cvpdf sets a card as an A4 PDF résumé: the name, title and contacts with the
// photo, the summary, then each section, with no page break inside an item. Text stays
// text (selectable, searchable), in NanumSquare, which fpdf embeds as a subset of the
// glyphs used.
package cvpdf

import (
	"bytes"
	"fmt"
	"slices"
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

// families names the fonts in the document, in the fallback's order: NanumSquare, then
// Noto Sans for the letters it lacks.
var families = [2]string{"Nanum", "Noto"}

// PDF sets the résumé.
func PDF(cv CV) ([]byte, error) {
	cv = cv.inBMP()
	// Parsing the fonts' tables is little beside what fpdf does with them below, and the
	// résumé is set once per card version.
	fallback, err := fonts.NewFallback(fonts.Regular, fonts.LatinRegular)
	if err != nil {
		return nil, fmt.Errorf("cvpdf: %w", err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.AddUTF8FontFromBytes(families[0], "", fonts.Regular)
	p.AddUTF8FontFromBytes(families[0], "B", fonts.Bold)
	w := &writer{p: p, fb: fallback, added: map[string]bool{}}
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
	w.font("B", 22)
	p.SetTextColor(0x1d, 0x21, 0x30)
	w.multi(textW, 10, cv.Name)
	if cv.AltName != "" {
		w.font("", 12)
		p.SetTextColor(0x5d, 0x64, 0x78)
		w.multi(textW, 6, cv.AltName)
	}
	if cv.JobTitle != "" {
		w.font("B", 13)
		p.SetTextColor(accentR, accentG, accentB)
		w.multi(textW, 8, cv.JobTitle)
	}
	w.font("", 9.5)
	p.SetTextColor(0x5d, 0x64, 0x78)
	for _, c := range cv.Contacts {
		w.multi(textW, 5, c)
	}
	p.SetY(max(p.GetY(), margin+34) + 4)
	rule(p)
	if cv.Summary != "" {
		w.font("", 10.5)
		p.SetTextColor(0x1d, 0x21, 0x30)
		w.multi(contentW, 5.6, cv.Summary)
		p.Ln(3)
	}
	for _, s := range cv.Sections {
		if len(s.Entries) == 0 {
			continue
		}
		heading(w, s.Title, entryHeight(w, s.Entries[0]))
		for _, e := range s.Entries {
			entry(w, e)
		}
	}
	if len(cv.Profiles) > 0 {
		heading(w, cv.ProfilesTitle, 6)
		w.font("", 10)
		for _, pr := range cv.Profiles {
			keep(p, 6)
			p.SetTextColor(0x1d, 0x21, 0x30)
			w.cell(40, 6, pr.Name, 0, "L", "")
			p.SetTextColor(accentR, accentG, accentB)
			w.cell(contentW-40, 6, pr.URL, 1, "L", pr.URL)
		}
	}
	if cv.Note != "" {
		p.SetY(bottom - 4)
		w.font("", 7.5)
		p.SetTextColor(0x99, 0x9c, 0xaa)
		w.cell(contentW, 4, cv.Note, 0, "R", "")
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
func heading(w *writer, title string, first float64) {
	p := w.p
	keep(p, 11+first)
	p.Ln(2)
	w.font("B", 12.5)
	p.SetTextColor(accentR, accentG, accentB)
	w.cell(contentW, 7, title, 1, "L", "")
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
func entryHeight(w *writer, e Entry) float64 {
	p := w.p
	w.font("B", 10.5)
	h := float64(lines(p, e.Title, contentW-periodW)) * 5.6
	w.font("", 9.5)
	h += float64(lines(p, e.Subtitle, contentW)) * 5
	h += float64(lines(p, e.Detail, contentW)) * 5
	return h + 2.5
}

func entry(w *writer, e Entry) {
	p := w.p
	keep(p, entryHeight(w, e))
	y := p.GetY()
	w.font("", 9.5)
	p.SetTextColor(0x5d, 0x64, 0x78)
	p.SetXY(pageW-margin-periodW, y)
	w.cell(periodW, 5.6, e.Period, 0, "R", "")
	p.SetXY(margin, y)
	w.font("B", 10.5)
	p.SetTextColor(0x1d, 0x21, 0x30)
	w.multi(contentW-periodW, 5.6, e.Title)
	w.font("", 9.5)
	if e.Subtitle != "" {
		p.SetTextColor(0x5d, 0x64, 0x78)
		w.multi(contentW, 5, e.Subtitle)
	}
	if e.Detail != "" {
		p.SetTextColor(0x1d, 0x21, 0x30)
		w.multi(contentW, 5, e.Detail)
	}
	p.Ln(2.5)
}

// writer sets text letter by letter in the first font that draws it (NanumSquare, then
// Noto Sans), so that no letter is an empty box; fpdf sets a string in one font.
type writer struct {
	p     *fpdf.Fpdf
	fb    *fonts.Fallback
	style string
	size  float64
	// added says which of Noto Sans's styles fpdf has: a font is added (and parsed) only
	// when a letter needs it, so a résumé in Hangul and plain Latin costs what it did.
	added map[string]bool
}

var latinFiles = map[string][]byte{"": fonts.LatinRegular, "B": fonts.LatinBold}

// font chooses the style and size; the family is chosen for each stretch of text.
func (w *writer) font(style string, size float64) {
	w.style, w.size = style, size
	w.p.SetFont(families[0], style, size)
}

func (w *writer) use(run fonts.Run) {
	if run.Font == 1 && !w.added[w.style] {
		w.p.AddUTF8FontFromBytes(families[1], w.style, latinFiles[w.style])
		w.added[w.style] = true
	}
	w.p.SetFont(families[run.Font], w.style, w.size)
}

// multi sets text from the current position in lines of width wd and height h, as
// MultiCell does (left-aligned), changing font where a letter needs it.
func (w *writer) multi(wd, h float64, text string) {
	p := w.p
	left, top, right, _ := p.GetMargins()
	x := p.GetX()
	p.SetLeftMargin(x)
	p.SetRightMargin(pageW - x - wd)
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			p.Ln(h)
		}
		for _, run := range w.fb.Runs(para) {
			w.use(run)
			p.Write(h, run.Text)
		}
	}
	p.Ln(h)
	p.SetMargins(left, top, right)
	p.SetX(left)
	w.font(w.style, w.size)
}

// inBMP is the résumé without the letters beyond the Basic Multilingual Plane (emoji,
// 𝐁old, rare Han): fpdf keeps a font's glyphs in tables of 65,536 entries and panics
// past them, and neither font draws them anyway. The card's page and resume.json keep
// them.
func (cv CV) inBMP() CV {
	for _, s := range []*string{&cv.Name, &cv.AltName, &cv.JobTitle, &cv.Summary, &cv.ProfilesTitle,
		&cv.Title, &cv.Author, &cv.Creator, &cv.Note} {
		*s = inBMP(*s)
	}
	cv.Contacts = slices.Clone(cv.Contacts)
	for i := range cv.Contacts {
		cv.Contacts[i] = inBMP(cv.Contacts[i])
	}
	cv.Sections = slices.Clone(cv.Sections)
	for i, s := range cv.Sections {
		s.Title = inBMP(s.Title)
		s.Entries = slices.Clone(s.Entries)
		for j, e := range s.Entries {
			s.Entries[j] = Entry{Title: inBMP(e.Title), Period: inBMP(e.Period), Subtitle: inBMP(e.Subtitle),
				Detail: inBMP(e.Detail), URL: urlInBMP(e.URL)}
		}
		cv.Sections[i] = s
	}
	cv.Profiles = slices.Clone(cv.Profiles)
	for i, p := range cv.Profiles {
		cv.Profiles[i] = Profile{Name: inBMP(p.Name), URL: urlInBMP(p.URL)}
	}
	return cv
}

// urlInBMP writes an address's letters beyond the BMP percent-encoded, as the address
// means them: the link still leads where the card's does.
func urlInBMP(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0xFFFF }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r <= 0xFFFF {
			b.WriteRune(r)
			continue
		}
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func inBMP(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r > 0xFFFF }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// cell sets one line of text in a box wd wide, aligned "L" or "R", then moves on as
// CellFormat does: to the next line (ln 1) or right of the box (ln 0).
func (w *writer) cell(wd, h float64, text string, ln int, align, link string) {
	p := w.p
	x, y := p.GetXY()
	runs := w.fb.Runs(text)
	widths := make([]float64, len(runs))
	total := 0.0
	for i, run := range runs {
		w.use(run)
		widths[i] = p.GetStringWidth(run.Text)
		total += widths[i]
	}
	margin := p.GetCellMargin()
	at := x + margin
	if align == "R" {
		at = x + wd - margin - total
	}
	p.SetCellMargin(0)
	defer p.SetCellMargin(margin)
	for i, run := range runs {
		w.use(run)
		p.SetXY(at, y)
		p.CellFormat(widths[i], h, run.Text, "", 0, "L", false, 0, link)
		at += widths[i]
	}
	if ln == 1 {
		left, _, _, _ := p.GetMargins()
		p.SetXY(left, y+h)
	} else {
		p.SetXY(x+wd, y)
	}
	w.font(w.style, w.size)
}
