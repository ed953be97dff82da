package pdflayout

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"sitecard/internal/pdftext"
)

// MaxFact is the longest a fact may be, in characters: short enough to quote whole.
const MaxFact = 300

// line is one line of a flow: its segments left to right, or a table.
type line struct {
	segs           []segment
	table          *table
	x0, y0, x1, y1 float64
	base, size     float64
	bold           bool
	text           string
	column, page   int
	flow           int  // the run of text it is in: the key of its left and right edges
	ruled          bool // a ruling line runs under it (a heading's underline)
	bullet         bool // a drawn dot stands before it (Chromium draws list markers as shapes)
}

// Build rebuilds the facts of a document from its pages' geometry. It is pure: the
// sandboxed reading is Read's.
func Build(pages []pdftext.Page) Document {
	var all [][]line
	for i, p := range pages {
		ls, _ := pageLines(p)
		for j := range ls {
			ls[j].page = i + 1
		}
		all = append(all, ls)
	}
	dropFurniture(all, pages)
	b := newBuilder(all)
	for _, p := range pages {
		b.pageHeights = append(b.pageHeights, float64(p.Height))
	}
	for i, ls := range all {
		b.page(ls, i+1)
	}
	b.flush()
	doc := Document{Facts: b.facts}
	return doc
}

// pageLines reads one page into lines in reading order.
func pageLines(p pdftext.Page) ([]line, []rule) {
	ws := words(glyphs(p))
	rs := rules(p)
	dots := dots(p)
	ts := tables(rs)
	ts = append(ts, openTables(rs, ws, ts)...)
	var free []word
	inTable := make([][]word, len(ts))
	for _, w := range ws {
		placed := false
		cx, cy := (w.x0+w.x1)/2, w.base-0.3*w.size
		for i, t := range ts {
			if cx > t.x0 && cx < t.x1 && cy > t.y0 && cy < t.y1 {
				inTable[i] = append(inTable[i], w)
				placed = true
				break
			}
		}
		if !placed {
			free = append(free, w)
		}
	}
	var items []item
	for i, t := range ts {
		t.fill(inTable[i], rs)
		if len(t.rows) == 0 {
			continue
		}
		if t.deep {
			free = append(free, inTable[i]...) // a box around a page's text, not a table
			continue
		}
		items = append(items, item{table: t, x0: t.x0, y0: t.y0, x1: t.x1, y1: t.y1, base: t.y0, size: 10})
	}
	segs := segments(free)
	for i := range segs {
		s := &segs[i]
		items = append(items, item{seg: s, x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1, base: s.base, size: s.size})
	}
	ordered := order(items)
	var out []line
	for _, it := range ordered {
		if it.table != nil {
			out = append(out, line{table: it.table, x0: it.x0, y0: it.y0, x1: it.x1, y1: it.y1, base: it.y0, column: it.column, flow: it.flow})
			continue
		}
		s := *it.seg
		if n := len(out); n > 0 && out[n-1].table == nil && out[n-1].flow == it.flow &&
			math.Abs(out[n-1].base-s.base) <= sameLine*math.Max(out[n-1].size, s.size) {
			l := &out[n-1]
			l.segs = append(l.segs, s)
			l.x0, l.x1 = math.Min(l.x0, s.x0), math.Max(l.x1, s.x1)
			l.y0, l.y1 = math.Min(l.y0, s.y0), math.Max(l.y1, s.y1)
			l.size = math.Max(l.size, s.size)
			l.bold = l.bold && s.bold
			continue
		}
		out = append(out, line{segs: []segment{s}, x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1,
			base: s.base, size: s.size, bold: s.bold, column: it.column, flow: it.flow})
	}
	for i := range out {
		l := &out[i]
		if l.table != nil {
			continue
		}
		l.text = lineText(l.segs)
		for _, d := range dots {
			cy := (d.Y0 + d.Y1) / 2
			if float64(d.X1) <= l.x0+0.2 && l.x0-float64(d.X1) < 2*l.size && float64(cy) > l.base-0.8*l.size && float64(cy) < l.base {
				l.bullet = true
			}
		}
		for _, r := range rs {
			if r.horizontal && !r.edge && r.y0 > l.base && r.y0-l.base < 0.9*l.size && r.x0 <= l.x0+l.size && r.x1 >= l.x1-l.size {
				l.ruled = true
			}
		}
	}
	return out, rs
}

// lineText joins a line's segments: a rating beside its skill, the rest apart by " · ".
func lineText(segs []segment) string {
	var b strings.Builder
	for i, s := range segs {
		t := strings.TrimSpace(s.text)
		if t == "" {
			continue
		}
		if i > 0 && b.Len() > 0 {
			prev := strings.TrimSpace(b.String())
			switch {
			case isRatingOnly(t), strings.HasSuffix(prev, ":"), strings.HasSuffix(prev, "："):
				b.WriteByte(' ')
			default:
				b.WriteString(" · ")
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

var digitRun = regexp.MustCompile(`[0-9]+`)

// dropFurniture removes what repeats at the same place on most pages (running headers
// and footers) and page numbers in the margins.
func dropFurniture(all [][]line, pages []pdftext.Page) {
	type key struct {
		text string
		y    int
	}
	seen := map[key]map[int]bool{}
	margin := func(l line, h float64) bool { return l.table == nil && (l.y1 < 0.13*h || l.y0 > 0.87*h) }
	keyOf := func(l line) key {
		return key{digitRun.ReplaceAllString(strings.ToLower(l.text), "#"), int(math.Round(l.base / 6))}
	}
	for pi, ls := range all {
		h := float64(pages[pi].Height)
		for _, l := range ls {
			if margin(l, h) {
				k := keyOf(l)
				if seen[k] == nil {
					seen[k] = map[int]bool{}
				}
				seen[k][pi] = true
			}
		}
	}
	for pi, ls := range all {
		h := float64(pages[pi].Height)
		kept := ls[:0]
		for _, l := range ls {
			if margin(l, h) {
				k := keyOf(l)
				near := len(seen[k])
				for _, dy := range []int{-1, 1} { // a baseline on the edge of a bucket
					near = max(near, len(seen[key{k.text, k.y + dy}]))
				}
				if len(pages) > 1 && near*2 >= len(pages) && near >= 2 || pageNumber.MatchString(l.text) || pageOf.MatchString(l.text) {
					continue
				}
			}
			kept = append(kept, l)
		}
		all[pi] = kept
	}
}

// pageOf finds "page 1 of 2", "페이지 1 / 2", "1/2 쪽" in a line of a page's margin: such
// a line is a running header or footer even on a page of its own.
var pageOf = regexp.MustCompile(`(?i)(page|페이지|p\.)\s*\d{1,3}\s*(/|of)\s*\d{1,3}|\d{1,3}\s*/\s*\d{1,3}\s*(쪽|페이지)|\d{1,3}\s*(of|/)\s*\d{1,3}\s*(page|pages)`)

var pageNumber = regexp.MustCompile(`(?i)^[\s\-–—]*(page|페이지|p\.)?\s*\d{1,3}\s*((/|of|-|–)\s*\d{1,3})?\s*(쪽|페이지)?[\s\-–—]*$`)

// builder turns lines into facts, keeping the section each flow is in.
type builder struct {
	facts       []Fact
	korean      bool
	body        float64 // the body text's size
	bodyBold    bool
	colBody     map[flowKey]float64 // each flow's body size: a sidebar is often set smaller
	pageHeights []float64
	nameSize    float64                // the largest text of the first page
	styles      map[int]map[style]bool // per flow, the styles of the headings the vocabulary knows
	sections    map[int]string         // the section of each flow (column)
	name        bool                   // the name at the top has been seen

	// the fact being gathered
	cur     []string
	rooms   []float64 // the room left at the end of each line of cur, in ems
	curKind Kind
	curSec  string
	curPage int
	prev    *line
	indent  float64
	hangs   []float64           // where the words of the fact's first line start: wrapped text hangs there
	left    map[flowKey]float64 // each flow's left edge
	right   map[flowKey]float64 // each flow's right edge
	pitch   map[pitchKey]float64
	entry   int // the index of the last fact when it is an entry's one line (a job's title), else -1
}

// pitchKey names the lines of one size in one flow: their pitch (the closest two
// baselines follow each other, within a paragraph) tells a wrapped line from the next
// paragraph, set a little further down.
type pitchKey struct {
	page, flow int
	size       float64 // in half points
}

func pitchOf(l line) pitchKey {
	return pitchKey{l.page, l.flow, math.Round(l.size * 2)}
}

type flowKey struct{ page, flow int }

// style is how a heading is set: its size and weight (capitals or not, as the
// vocabulary's headings and an unknown one may differ in that).
type style struct {
	size float64
	bold bool
}

func newBuilder(all [][]line) *builder {
	b := &builder{sections: map[int]string{}, styles: map[int]map[style]bool{}, left: map[flowKey]float64{}, right: map[flowKey]float64{},
		pitch: map[pitchKey]float64{}, entry: -1}
	var sizes []float64
	ends := map[flowKey][]float64{}
	colSizes := map[flowKey][]float64{}
	hangul, latin, bold, letters := 0, 0, 0, 0
	for _, ls := range all {
		for _, l := range ls {
			if l.table != nil {
				// A table's letters are body text too: a form may hold little else.
				for i := 0; i < l.table.letters && len(sizes) < 200000; i++ {
					sizes = append(sizes, l.table.size)
				}
				letters += l.table.letters
				if l.table.bold {
					bold += l.table.letters
				}
				continue
			}
			for _, s := range l.segs {
				for _, w := range s.words {
					for i := 0; i < w.letters && len(sizes) < 200000; i++ {
						sizes = append(sizes, w.size)
						colSizes[flowKey{l.page, l.flow}] = append(colSizes[flowKey{l.page, l.flow}], w.size)
					}
					letters += w.letters
					if w.bold {
						bold += w.letters
					}
				}
				for _, r := range s.text {
					switch {
					case unicode.Is(unicode.Hangul, r):
						hangul++
					case unicode.IsLetter(r):
						latin++
					}
				}
			}
			k := flowKey{l.page, l.flow}
			ends[k] = append(ends[k], l.x1)
			if v, ok := b.left[k]; !ok || l.x0 < v {
				b.left[k] = l.x0
			}
		}
	}
	for k, xs := range ends {
		for _, x := range xs {
			b.right[k] = math.Max(b.right[k], x)
		}
	}
	// A flow's pitch is that of its wrapped lines: a full line (reaching the flow's right
	// edge) and the one after it.
	for _, ls := range all {
		for i := 1; i < len(ls); i++ {
			a, c := ls[i-1], ls[i]
			if a.table != nil || c.table != nil || pitchOf(a) != pitchOf(c) || len(a.segs) != 1 {
				continue
			}
			k := flowKey{a.page, a.flow}
			if b.right[k]-a.x1 > 0.15*(b.right[k]-b.left[k]) {
				continue
			}
			if gap := c.base - a.base; gap >= c.size && gap <= 1.75*c.size {
				if p, ok := b.pitch[pitchOf(c)]; !ok || gap < p {
					b.pitch[pitchOf(c)] = gap
				}
			}
		}
	}
	sort.Float64s(sizes)
	b.body = 10
	if len(sizes) > 0 {
		b.body = sizes[len(sizes)/2]
	}
	b.bodyBold = bold*2 > letters
	if len(all) > 0 {
		for _, l := range all[0] {
			b.nameSize = math.Max(b.nameSize, l.size)
		}
	}
	b.colBody = map[flowKey]float64{}
	for c, cs := range colSizes {
		sort.Float64s(cs)
		b.colBody[c] = cs[len(cs)/2]
	}
	b.korean = hangul*2 > latin
	for _, ls := range all {
		for _, l := range ls {
			if l.table == nil && (knownHeading(l.text) || knownHeading(unnumbered(l.text))) {
				if b.styles[l.column] == nil {
					b.styles[l.column] = map[style]bool{}
				}
				b.styles[l.column][b.styleOf(l)] = true
			}
		}
	}
	return b
}

func (b *builder) styleOf(l line) style {
	return style{size: math.Round(l.size*2) / 2, bold: l.bold}
}

// caps reports a line in capitals (three letters at the least, no lower case).
func caps(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 3
}

// stands reports a line set apart from the body: larger, bolder, in capitals, or ruled.
func (b *builder) stands(l line) bool {
	body := b.body
	if c, ok := b.colBody[flowKey{l.page, l.flow}]; ok {
		body = math.Min(body, c)
	}
	return l.size >= body*1.12 || l.bold && !b.bodyBold || caps(l.text) || l.ruled
}

func (b *builder) page(ls []line, page int) {
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		if l.table == nil {
			if t, n := alignedTable(ls[i:]); t != nil {
				l = line{table: t, x0: t.x0, y0: t.y0, x1: t.x1, y1: t.y1, column: l.column, flow: l.flow, page: l.page}
				i += n - 1
			}
		}
		if l.table != nil {
			b.flush()
			b.table(l, page)
			b.prev = nil
			continue
		}
		b.line(l, page)
	}
	b.flush()
	b.prev = nil
}

// alignedTable reads a table drawn without rules: a first line of column names the
// vocabulary knows ("Period  School  Degree"), then lines whose pieces start where its
// pieces do. It returns the table and how many lines it took, or nil.
func alignedTable(ls []line) (*table, int) {
	head := ls[0]
	if len(head.segs) < 2 || len(head.segs) > 8 {
		return nil, 0
	}
	known := 0
	for _, s := range head.segs {
		if columnNames[normal(letterSpaced(s.text))] {
			known++
		}
	}
	if known*2 < len(head.segs)+1 {
		return nil, 0
	}
	starts := make([]float64, len(head.segs))
	for i, s := range head.segs {
		starts[i] = s.x0
	}
	column := func(x, size float64) int {
		for i := len(starts) - 1; i >= 0; i-- {
			if x >= starts[i]-1.5*size {
				return i
			}
		}
		return 0
	}
	t := &table{x0: head.x0, y0: head.y0, x1: head.x1, y1: head.y1, xs: append(starts, math.Inf(1))}
	n := 1
	for ; n < len(ls); n++ {
		l, prev := ls[n], ls[n-1]
		if l.table != nil || l.flow != head.flow || l.base-prev.base > 2.5*l.size || len(l.segs) < 2 {
			break
		}
		var row []cell
		for _, s := range l.segs {
			c := column(s.x0, s.size)
			if len(row) > 0 && row[len(row)-1].from == c {
				row[len(row)-1].text += " " + s.text
				continue
			}
			row = append(row, cell{text: s.text, from: c, to: c + 1})
		}
		t.rows = append(t.rows, row)
		t.y1 = math.Max(t.y1, l.y1)
	}
	if len(t.rows) < 1 {
		return nil, 0
	}
	headRow := make([]cell, len(head.segs))
	for i, s := range head.segs {
		headRow[i] = cell{text: s.text, from: i, to: i + 1}
	}
	t.rows = append([][]cell{headRow}, t.rows...)
	return t, n
}

// headingOf returns the heading a line is, if it is one: the line itself, or what
// follows its section number ("1. 인적사항", "Ⅱ. 학력사항", "3) Experience"; forms and
// reports number their sections, and a number is no bullet there).
func (b *builder) headingOf(l line, text string) (string, bool) {
	if b.isHeading(l, text) {
		return text, true
	}
	if rest := unnumbered(text); rest != text && b.isHeading(l, rest) {
		return rest, true
	}
	return "", false
}

// sectionNumber is a section's number before its heading.
var sectionNumber = regexp.MustCompile(`^\(?(\d{1,2}|[IVX]{1,4}|[Ⅰ-Ⅻ]|[가-하])[.)]\s*`)

// unnumbered is text without a section number before it.
func unnumbered(text string) string {
	if m := sectionNumber.FindStringIndex(text); m != nil && m[1] < len(text) {
		return strings.TrimSpace(text[m[1]:])
	}
	return text
}

// isHeading decides whether a line starts a section: by its name, or by looking like
// the headings whose names are known, or (no heading's name known) by standing apart.
func (b *builder) isHeading(l line, text string) bool {
	n := utf8.RuneCountInString(text)
	if n == 0 || n > 40 || bulletStart(text) > 0 || strings.ContainsAny(text, "@") || pageNumber.MatchString(text) {
		return false
	}
	if knownHeading(text) {
		return true
	}
	if b.top(l) && !(l.ruled && b.styles[l.column][b.styleOf(l)]) {
		// The title under the name, before any section: a line of the header. (One set
		// and ruled as the known headings are is a heading: "Personal statement".)
		return false
	}
	if strings.ContainsAny(lastRune(text), ".,;:·") || len(strings.Fields(text)) > 5 || digits(text) > 2 {
		return false
	}
	if !b.stands(l) {
		return false
	}
	if len(l.segs) > 1 {
		return false // "Company · Title": an entry's first line, set apart by a gap
	}
	// The flow's own heading style when its headings are known (a sidebar's headings are
	// set unlike the main column's), else the document's.
	if known := b.styles[l.column]; len(known) > 0 {
		return known[b.styleOf(l)] || l.ruled
	}
	for _, known := range b.styles {
		if known[b.styleOf(l)] {
			return true
		}
	}
	if len(b.styles) > 0 {
		return l.ruled
	}
	return l.size >= b.body*1.12 || l.ruled || caps(text) && l.bold
}

// top reports one of the two lines under the name, at the top of the first page, before
// any section started: a title ("Data Analyst"), set large, is no heading.
func (b *builder) top(l line) bool {
	if !b.name || len(b.facts)+min(1, len(b.cur)) > 2 || l.page != 1 || len(b.pageHeights) == 0 || l.y1 > 0.2*b.pageHeights[0] {
		return false
	}
	for _, s := range b.sections {
		if s != "" {
			return false
		}
	}
	return true
}

func lastRune(s string) string {
	r, _ := utf8.DecodeLastRuneInString(s)
	return string(r)
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func (b *builder) line(l line, page int) {
	text := strings.TrimSpace(l.text)
	if text == "" {
		return
	}
	// The name: the largest line at the top of the first page. It is a line of its own.
	if !b.name && page == 1 && l.size >= b.body*1.3 && b.sections[l.column] == "" && !knownHeading(text) &&
		(len(b.facts) < 6 || l.size >= b.nameSize-0.5 && l.y1 < 0.3*b.pageHeights[0]) {
		b.name = true
		b.flush()
		if len(l.segs) > 1 {
			// The name with contact details on its line, apart (moderncv: "Aaron Feldhaus
			// · M +44 7700 900 283"): the name, then the details as pairs.
			b.emit(Fact{Section: "", Text: strings.TrimSpace(l.segs[0].text), Kind: Line, Page: page})
			b.emitText(lineText(l.segs[1:]), Line, "", page)
		} else {
			b.emit(Fact{Section: "", Text: text, Kind: Line, Page: page})
		}
		b.prev = nil
		return
	}
	if heading, ok := b.headingOf(l, text); ok {
		b.flush()
		h := headingText(heading)
		b.sections[l.column] = h
		b.emit(Fact{Section: h, Text: h, Kind: Heading, Page: page})
		b.prev = nil
		return
	}
	section := b.sections[l.column]
	bullet := bulletStart(text)
	if b.prev != nil && bullet == 0 && !l.bullet && len(b.cur) == 1 && b.curKind == Line && periodLine(text) {
		b.flush() // a span of dates under an entry's one line: no wrapped line, its dates
	}
	continues := b.prev != nil && bullet == 0 && !l.bullet && len(b.cur) > 0 && b.continues(*b.prev, l, text)
	if !continues && b.prev != nil && bullet == 0 && !l.bullet && b.periodBelow(*b.prev, l, text) {
		// The dates (and place) of the entry above, on a line of their own: "Staff SRE —
		// Cascadia Cloudworks" / "Vancouver, BC · 05/2021 – present". One fact says when.
		f := &b.facts[b.entry]
		f.Text += " · " + clean(text)
		b.entry = -1
		p := l
		b.prev = &p
		return
	}
	if !continues {
		b.flush()
		b.curSec, b.curPage, b.indent = section, page, l.x0
		b.hangs = b.hangs[:0]
		if len(l.segs) > 0 {
			for i, w := range l.segs[0].words {
				if i > 0 && i < 4 {
					b.hangs = append(b.hangs, w.x0)
				}
			}
		}
		b.curKind = Line
		if l.bullet {
			b.curKind = Bullet
		}
		if bullet > 0 {
			b.curKind = Bullet
			for i := 0; i < 3 && bullet > 0; i++ { // "\uf0b7 ·": a list's glyph before a typed one
				text = strings.TrimSpace(text[bullet:])
				bullet = bulletStart(text)
			}
			if len(l.segs) > 0 && len(l.segs[0].words) > 1 {
				b.indent = l.segs[0].words[1].x0
			}
		}
	}
	if continues && describesRating(*b.prev, l, text) {
		text = "· " + text // beside the level: "English: 5 of 5 · native"
	}
	b.cur = append(b.cur, text)
	b.rooms = append(b.rooms, (b.right[flowKey{l.page, l.flow}]-l.x1)/math.Max(l.size, 1))
	p := l
	b.prev = &p
	// A line that holds several ratings ("Python ★★★★☆ · Go ★★★☆☆") or label: value
	// pieces is several facts.
}

// continues reports whether line l goes on with the fact prev began: prev was full (the
// first word of l would not have fitted at its end), l is as close below as lines of a
// paragraph are, in the same size, and starts where the fact's text starts.
func (b *builder) continues(prev, l line, text string) bool {
	if l.flow != prev.flow || l.page != prev.page {
		return false
	}
	gap := l.base - prev.base
	if gap <= 0 || gap > 1.75*math.Max(prev.size, l.size) || math.Abs(l.size-prev.size) > 0.15*prev.size {
		return false
	}
	if describesRating(prev, l, text) {
		return true // even a paragraph apart: it belongs to the level above
	}
	if p, ok := b.pitch[pitchOf(l)]; ok && pitchOf(l) == pitchOf(prev) && gap > 1.12*p && gap-p > 0.15*l.size {
		return false // further down than the flow's wrapped lines are: the next paragraph
	}
	k := flowKey{prev.page, prev.flow}
	left, right := b.left[k], b.right[k]
	if len(l.segs) == 0 || len(l.segs[0].words) == 0 || l.bullet {
		return false
	}
	if n := len(prev.segs); n > 1 {
		// A date or a label, then text that wraps under itself ("2014–2018  PhD in …" /
		// "forest resilience …") goes on; a line with a date set right does not.
		last := prev.segs[n-1]
		if math.Abs(l.x0-last.x0) > l.size || last.x1-last.x0 < 0.5*(right-left) || len(l.segs) > 1 {
			return false
		}
		b.indent = last.x0
	}
	if startsWithDate(text) && len(strings.Fields(text)) > 3 && !strings.HasSuffix(prev.text, ",") {
		return false // "2021 British Ecological Society …": the next entry
	}
	hanging := false
	for _, x := range b.hangs {
		hanging = hanging || math.Abs(l.x0-x) < 0.5*l.size
	}
	if !hanging && l.x0 > b.indent+1.5*l.size || l.x0 < left-l.size {
		return false // indented further than the fact: a line of its own
	}
	if strings.HasSuffix(prev.text, ":") && len(prev.segs) == 1 {
		return true // a label whose value wrapped to the next line
	}
	if contactValue(text) || contactValue(prev.text) {
		return false
	}
	if strings.HasSuffix(prev.text, ":") && len(prev.segs) == 1 {
		return true // a label whose value wrapped to the next line
	}
	if _, _, ok := labelValue(text); ok || strings.Contains(prev.text, " of 5") || containsRating(prev.text) {
		return false // a "label: value" line, a skill with its stars: a fact each
	}
	if prev.x1-left < 0.6*(right-left) {
		return false // prev ends well short of the flow's width: it did not wrap
	}
	first := l.segs[0].words[0]
	return first.x1-first.x0+0.6*l.size > right-prev.x1 // a space, and some slack for the measure of the line's last word
}

// describesRating reports a line that says in words what the rated line above it rates
// ("English ●●●●●" / "native", "French ●●●●○" / "professional, DALF C1"): short, lower
// case or Hangul, without a rating of its own, where the skill's name starts.
func describesRating(prev, l line, text string) bool {
	if !containsRating(prev.text) || containsRating(text) || len(prev.segs) == 0 || len(strings.Fields(text)) > 6 {
		return false
	}
	r := firstRune(text)
	if !unicode.IsLower(r) && !(unicode.Is(unicode.Hangul, r) && len(strings.Fields(text)) <= 3) {
		return false
	}
	return math.Abs(l.x0-prev.segs[0].x0) < 0.5*l.size && l.size <= prev.size+0.1
}

func containsRating(s string) bool {
	n := 0
	for _, r := range s {
		if ratingRune(r) {
			n++
		} else if r != ' ' {
			n = 0
		}
		if n >= 3 {
			return true
		}
	}
	return false
}

// flush ends the fact being gathered: its lines joined (a word hyphenated at a line's
// end whole again), then cut into facts short enough to quote.
func (b *builder) flush() {
	if len(b.cur) == 0 {
		return
	}
	text := b.cur[0]
	for i, next := range b.cur[1:] {
		text = joinWrapped(text, next, b.rooms[i])
	}
	kind := b.curKind
	lines := len(b.cur)
	if containsRating(b.cur[0]) {
		lines = 1 // a rated skill and the words that describe its level: not prose
	}
	b.cur, b.rooms = nil, nil
	if _, _, pair := labelValue(text); kind == Line && (lines > 1 || prose(text)) && !(pair && !prose(text)) {
		kind = Sentence
	}
	before := len(b.facts)
	b.emitText(text, kind, b.curSec, b.curPage)
	b.entry = -1
	if kind == Line && lines == 1 && len(b.facts) == before+1 && b.facts[before].Kind == Line {
		b.entry = before
	}
}

// periodRange is a span of dates: "05/2021 – present", "2020.07 ~ 현재", "Mar 2016 – Jun
// 2019", "2022년 3월 – 현재".
var periodRange = regexp.MustCompile(`(?i)(` + datePart + `)\s*(?:[-–—~]|\bto\b|\buntil\b)\s*(?:` + datePart + `|present\b|current\b|now\b|today\b|현\s*재|재직\s*중)`)

const datePart = `(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d|\d{1,2}\s*/\s*(?:19|20)\d\d|(?:19|20)\d\d(?:\s*[./-]\s*\d{1,2}\.?)?(?:\s*년(?:\s*\d{1,2}\s*월)?)?)`

// periodLine reports a short line that starts with a span of dates, after a place of a
// few words at the most ("Aberdeen, UK · 09/2016 – 03/2021").
func periodLine(text string) bool {
	m := periodRange.FindStringIndex(text)
	if m == nil || len(strings.Fields(text)) > 14 {
		return false
	}
	place := strings.TrimSpace(text[:m[0]])
	return place == "" || len(strings.Fields(place)) <= 4 && strings.ContainsAny(lastRune(place), "·,|(")
}

// periodBelow reports a line that is the period of the entry above it: it starts with a
// span of dates (after a place of a few words at the most), it is short, and the line
// above is an entry's one line without dates of its own, just above in the same flow.
func (b *builder) periodBelow(prev, l line, text string) bool {
	if b.entry < 0 || b.entry != len(b.facts)-1 || l.flow != prev.flow || l.page != prev.page {
		return false
	}
	if gap := l.base - prev.base; gap <= 0 || gap > 2*math.Max(prev.size, l.size) {
		return false
	}
	if !periodLine(text) {
		return false
	}
	above := b.facts[b.entry].Text
	return !periodRange.MatchString(above) && !startsWithDate(above) && !strings.ContainsAny(lastRune(strings.TrimSpace(above)), ".!?:")
}

// prose reports a line that reads as a sentence: six words or more, ending in a stop.
func prose(s string) bool {
	return len(strings.Fields(s)) >= 6 && strings.ContainsAny(lastRune(s), ".!?")
}

// joinWrapped joins a wrapped line to the text before it, as joinLines does, but a
// Hangul word cut at the line's end is whole again. Chromium and LibreOffice may break
// Korean between any two syllables: such a line is full (less than a syllable's room
// left, room in ems) and leaves a piece of one syllable on one side ("주" / "식회사",
// "배치" / "를"; ")" and the like do not count). A line broken between words keeps its
// space.
func joinWrapped(a, b string, room float64) string {
	ar, br := []rune(a), []rune(b)
	if len(ar) == 0 || len(br) == 0 || room > 1.1 || !unicode.Is(unicode.Hangul, ar[len(ar)-1]) || !unicode.Is(unicode.Hangul, br[0]) {
		return joinLines(a, b)
	}
	last := syllables(a[strings.LastIndexByte(a, ' ')+1:])
	first := syllables(strings.Fields(b)[0])
	if last == 1 || first == 1 {
		return a + b
	}
	return joinLines(a, b)
}

func syllables(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			n++
		}
	}
	return n
}

// joinLines joins a wrapped line to the text before it. A word cut by a hyphen at the
// line's end ("Queens-" / "land") is one word again; otherwise the lines are apart by a
// space, Hangul too (Korean wraps between words).
func joinLines(a, b string) string {
	ar := []rune(a)
	br := []rune(b)
	if n := len(ar); n >= 2 && ar[n-1] == '\u2010' && len(br) > 0 {
		return string(ar[:n-1]) + b // PDFium knows this hyphen broke the word
	}
	if n := len(ar); n >= 2 && ar[n-1] == '-' && unicode.IsLetter(ar[n-2]) && !unicode.Is(unicode.Hangul, ar[n-2]) &&
		len(br) > 0 && (unicode.IsLower(br[0]) || unicode.IsUpper(ar[n-2]) && unicode.IsUpper(br[0]) && len(br) > 1 && unicode.IsUpper(br[1])) {
		return string(ar[:n-1]) + b
	}
	if strings.HasSuffix(a, "/") || digitsJoin(a, b) {
		return a + b
	}
	return a + " " + b
}

// digitsJoin reports a number cut at a line's end ("(202" / "1 년"): the figures either
// side make at most a year.
func digitsJoin(a, b string) bool {
	i := len(a)
	for i > 0 && a[i-1] >= '0' && a[i-1] <= '9' {
		i--
	}
	j := 0
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	return len(a)-i > 0 && j > 0 && len(a)-i+j <= 4
}

// emitText emits text as facts of kind: split into sentences when it is prose or too
// long, each piece cleaned and at most MaxFact characters; ratings become levels.
func (b *builder) emitText(text string, kind Kind, section string, page int) {
	text = b.ratings(clean(text))
	if text == "" {
		return
	}
	if kind == Line || kind == Pair {
		if pairs := b.pairs(text, section); len(pairs) > 1 || len(pairs) == 1 && pairs[0] != text {
			for _, p := range pairs {
				k := Line
				if _, _, ok := labelValue(p); ok {
					k = Pair
				}
				b.emitPieces(p, k, section, page)
			}
			return
		}
		if label, value, ok := labelValue(text); ok {
			text, kind = label+": "+value, Pair
		}
	}
	b.emitPieces(text, kind, section, page)
}

// emitPieces emits text as one fact, or as its sentences when it is prose or too long.
func (b *builder) emitPieces(text string, kind Kind, section string, page int) {
	var pieces []string
	if kind == Sentence || utf8.RuneCountInString(text) > MaxFact {
		pieces = sentences(text)
	} else {
		pieces = []string{text}
	}
	for _, p := range pieces {
		for _, q := range cut(p, MaxFact) {
			b.emit(Fact{Section: section, Text: q, Kind: kind, Page: page})
		}
	}
}

func (b *builder) emit(f Fact) {
	f.Text = clean(f.Text)
	f.Section = clean(f.Section)
	if f.Text == "" || !hasLetterOrDigit(f.Text) {
		return
	}
	b.facts = append(b.facts, f)
}

func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
