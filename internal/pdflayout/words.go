package pdflayout

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"sitecard/internal/pdftext"
)

// The gaps that separate things, as fractions of the font size. pdftotext breaks words
// at a tenth of the font size; loose boxes (advance widths) put the letters of a word
// edge to edge, so a little more than that is a gap a typesetter meant.
const (
	wordGap    = 0.15 // between the letters of two words
	segmentGap = 1.4  // between two pieces of one line that are apart: a tab stop, a cell, a column
	sameLine   = 0.35 // baselines closer than this are one line
)

// glyph is a character placed on the page, y growing downwards.
type glyph struct {
	r              rune
	x0, y0, x1, y1 float64
	base, size     float64
	bold           bool
	written        bool // a space the PDF holds as a character (not one PDFium inferred)
}

// word is letters set edge to edge on one baseline.
type word struct {
	text           string
	x0, y0, x1, y1 float64
	base, size     float64
	bold           bool
	letters        int
}

// segment is words of one line close enough to read as one run of text; a line of a
// page may hold several (a label and its value, two columns, a skill and its stars).
type segment struct {
	words          []word
	x0, y0, x1, y1 float64
	base, size     float64
	bold           bool
	text           string
	fixed          bool // the letters were spaced out and have been put together again
}

// glyphs turns PDFium's characters into glyphs: generated characters and control
// characters go; a space stays as a marker of a word's end (r == ' ').
func glyphs(p pdftext.Page) []glyph {
	out := make([]glyph, 0, len(p.Glyphs))
	for _, g := range p.Glyphs {
		r := g.R
		if g.Generated {
			// PDFium's own guess at a space between two glyphs is a hint, as a space
			// character is; its line breaks are not (lines are found by baseline).
			if r == ' ' {
				out = append(out, glyph{r: ' '})
			}
			continue
		}
		switch {
		case unicode.IsSpace(r) || r == '\u3000':
			out = append(out, glyph{r: ' ', written: true})
			continue
		case r == '\x02' || r == '\u00ad':
			r = '\u2010' // PDFium's mark for a hyphen that breaks a word at a line's end, and the soft hyphen
		case unicode.IsControl(r) || r == '\ufffe' || r == '\ufeff' || r == unicode.ReplacementChar || !validRune(r):
			continue
		}
		size := float64(g.Size)
		if h := float64(g.Box.H()); size <= 0.5 {
			size = h / 1.15 // a size PDFium could not tell: the box's height is about 1.15 em
		}
		if !(size > 0.5) || size > 500 {
			continue
		}
		base := float64(g.Y)
		if base == 0 && g.Box.Y1 != 0 {
			base = float64(g.Box.Y1) - 0.2*size
		}
		x0, x1 := float64(g.Box.X0), float64(g.Box.X1)
		if x1-x0 > 4*size { // no glyph is four em wide: a broken box
			x1 = x0 + size
		}
		out = append(out, glyph{r: r, x0: x0, y0: base - size, x1: x1, y1: base + 0.25*size,
			base: base, size: size, bold: g.Weight >= 600})
	}
	return out
}

func validRune(r rune) bool { return r > 0 && r <= unicode.MaxRune && !(r >= 0xd800 && r <= 0xdfff) }

// words groups glyphs, in the content stream's order, into words: a new word starts at a
// space, at a gap, or where the text jumps to another place.
func words(gs []glyph) []word {
	gs = composeAccents(gs)
	var out []word
	var cur []glyph
	flush := func() {
		if len(cur) > 0 {
			out = append(out, makeWord(cur))
			cur = cur[:0]
		}
	}
	autospaced := writesSpaces(gs)
	space, written := false, false
	for _, g := range gs {
		if g.r == ' ' {
			space, written = true, written || g.written
			continue
		}
		if n := len(cur); n > 0 {
			last := cur[n-1]
			size := math.Max(last.size, g.size)
			gap := g.x0 - last.x1
			switch {
			case autospaced && !written && math.Abs(g.base-last.base) < 0.15*size && gap > -0.05*size && gap < 0.5*size && scriptsMeet(last.r, g.r):
				// LibreOffice and Word set a little room between Hangul and Latin letters
				// or figures ("7년", "PPM에서" print as "7 년", "PPM 에서"); a page that
				// writes its spaces as characters has none there, so it is one word.
			case space && gap > 0.05*size:
				flush() // a space character, and room for it
			case space && gap < -0.6*size:
				flush()
			case g.r == last.r && math.Abs(g.x0-last.x0) < 0.15*size && math.Abs(g.base-last.base) < 0.15*size &&
				!(math.Abs(g.x0-last.x0) < 0.01 && math.Abs(g.x1-last.x1) < 0.01):
				// The same letter struck twice, a little apart: a fake bold. (Struck at the very
				// same place, it is a ligature's second letter: the "ff" of "effectiveness".)
				continue
			case math.Abs(g.x0-last.x0) < 0.05*size && math.Abs(g.x1-last.x1) < 0.05*size && math.Abs(g.base-last.base) < 0.15*size && !space:
				// A ligature ("fi", "fl", "ffi"): PDFium gives each of its letters the whole
				// ligature's box. They are one word ("Certificates", not "Certif icates").
			case math.Abs(g.base-last.base) > sameLine*size, gap > wordGap*size, gap < -0.6*size:
				flush()
			}
		}
		// A space the next letter overlaps (Ghostscript's PDFs have them inside words) is
		// no space.
		space, written = false, false
		cur = append(cur, g)
	}
	flush()
	return out
}

// spacingAccents maps the accents TeX's OT1 fonts (pdfLaTeX without T1) draw as glyphs of
// their own, over or under a letter, to the combining marks they stand for.
var spacingAccents = map[rune]rune{
	'˚': '\u030a', '´': '\u0301', '`': '\u0300', '¨': '\u0308', 'ˆ': '\u0302', '˜': '\u0303', '¯': '\u0304',
	'¸': '\u0327', 'ˇ': '\u030c', '˘': '\u0306', '˙': '\u0307', '˝': '\u030b', '˛': '\u0328',
}

// composeAccents puts an accent drawn as a glyph of its own on the letter it stands over
// or under ("Ume˚ a" is Umeå, "Gda´nsk" Gdańsk): the letter next to it in the content
// stream whose box holds the accent's middle. An accent with no such letter stays.
func composeAccents(gs []glyph) []glyph {
	out := make([]glyph, 0, len(gs))
	skip := -1
	for i, g := range gs {
		if i == skip {
			continue
		}
		mark, ok := spacingAccents[g.r]
		if !ok {
			out = append(out, g)
			continue
		}
		mid := (g.x0 + g.x1) / 2
		under := func(l glyph) bool {
			return unicode.IsLetter(l.r) && l.r != ' ' && mid >= l.x0-0.1*l.size && mid <= l.x1+0.1*l.size &&
				math.Abs(l.base-g.base) < 0.6*l.size
		}
		composed := func(l glyph) (glyph, bool) {
			c := []rune(norm.NFC.String(string(l.r) + string(mark)))
			if len(c) != 1 {
				return l, false
			}
			l.r = c[0]
			return l, true
		}
		if i+1 < len(gs) && under(gs[i+1]) {
			if l, ok := composed(gs[i+1]); ok {
				out = append(out, l)
				skip = i + 1
				continue
			}
		}
		if n := len(out); n > 0 && under(out[n-1]) {
			if l, ok := composed(out[n-1]); ok {
				out[n-1] = l
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

// writesSpaces reports a page whose producer writes the spaces between words as
// characters (one in 30 glyphs at the least): there, a gap without one is no space.
func writesSpaces(gs []glyph) bool {
	spaces := 0
	for _, g := range gs {
		if g.r == ' ' && g.written {
			spaces++
		}
	}
	return spaces >= 3 && spaces*30 >= len(gs)
}

// scriptsMeet reports Hangul beside a Latin letter or a figure, either way round.
func scriptsMeet(a, b rune) bool {
	han := func(r rune) bool { return unicode.Is(unicode.Hangul, r) }
	other := func(r rune) bool { return r < 0x250 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
	return han(a) && other(b) || other(a) && han(b)
}

func makeWord(gs []glyph) word {
	var b strings.Builder
	w := word{x0: gs[0].x0, y0: gs[0].y0, x1: gs[0].x1, y1: gs[0].y1, base: gs[0].base}
	bold := 0
	for _, g := range gs {
		b.WriteRune(g.r)
		w.x0, w.x1 = math.Min(w.x0, g.x0), math.Max(w.x1, g.x1)
		w.y0, w.y1 = math.Min(w.y0, g.y0), math.Max(w.y1, g.y1)
		w.size = math.Max(w.size, g.size)
		if g.bold {
			bold++
		}
	}
	w.text, w.letters, w.bold = b.String(), len(gs), bold*2 > len(gs)
	return w
}

// segments sorts words into lines by baseline and cuts each line where its words are far
// apart.
func segments(ws []word) []segment {
	sorted := append([]word(nil), ws...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].base < sorted[j].base })
	var out []segment
	for i := 0; i < len(sorted); {
		j := i + 1
		for j < len(sorted) && sorted[j].base-sorted[i].base <= sameLine*math.Max(sorted[i].size, sorted[j].size) {
			j++
		}
		line := sorted[i:j]
		sort.SliceStable(line, func(a, b int) bool { return line[a].x0 < line[b].x0 })
		start := 0
		for k := 1; k <= len(line); k++ {
			if k == len(line) || line[k].x0-line[k-1].x1 > segmentGap*math.Max(line[k].size, line[k-1].size) {
				out = append(out, makeSegment(line[start:k]))
				start = k
			}
		}
		i = j
	}
	return out
}

func makeSegment(ws []word) segment {
	s := segment{words: append([]word(nil), ws...), x0: ws[0].x0, y0: ws[0].y0, x1: ws[0].x1, y1: ws[0].y1}
	var bases []float64
	bold, letters := 0, 0
	for _, w := range ws {
		s.x0, s.x1 = math.Min(s.x0, w.x0), math.Max(s.x1, w.x1)
		s.y0, s.y1 = math.Min(s.y0, w.y0), math.Max(s.y1, w.y1)
		s.size = math.Max(s.size, w.size)
		bases = append(bases, w.base)
		letters += w.letters
		if w.bold {
			bold += w.letters
		}
	}
	sort.Float64s(bases)
	s.base = bases[len(bases)/2]
	s.bold = bold*2 > letters
	s.text, s.fixed = spacedText(s.words)
	return s
}

// spacedText is the words' text, with a letter-spaced run ("E X P E R I E N C E",
// "경 력 사 항") put together again: when most words are single letters, only the wider
// gaps are spaces.
func spacedText(ws []word) (string, bool) {
	texts := make([]string, len(ws))
	single := 0
	for i, w := range ws {
		texts[i] = w.text
		if w.letters == 1 && isLetter([]rune(w.text)[0]) {
			single++
		}
	}
	if len(ws) < 3 || single*4 < len(ws)*3 || single < 3 {
		return strings.Join(texts, " "), false
	}
	gaps := make([]float64, 0, len(ws)-1)
	for i := 1; i < len(ws); i++ {
		gaps = append(gaps, ws[i].x0-ws[i-1].x1)
	}
	sorted := append([]float64(nil), gaps...)
	sort.Float64s(sorted)
	median := sorted[len(sorted)/2]
	var b strings.Builder
	b.WriteString(texts[0])
	for i := 1; i < len(ws); i++ {
		if g := gaps[i-1]; g > 1.6*median && g > median+0.12*ws[i].size {
			b.WriteByte(' ')
		}
		b.WriteString(texts[i])
	}
	return b.String(), true
}

func isLetter(r rune) bool { return unicode.IsLetter(r) && !isPrivate(r) }

// isPrivate reports a private-use character: Symbol and Wingdings glyphs (U+F000–U+F0FF)
// and whatever else a font kept for itself. None reaches a fact.
func isPrivate(r rune) bool {
	return unicode.Is(unicode.Co, r) || r >= 0xf000 && r <= 0xf0ff
}
