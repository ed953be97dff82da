package fonts

import (
	_ "embed"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Regular and Bold are NanumSquare's TrueType files, LatinRegular and LatinBold Noto
// Sans's.
var (
	//go:embed NanumSquareR.ttf
	Regular []byte
	//go:embed NanumSquareB.ttf
	Bold []byte
	//go:embed NotoSans-Regular.ttf
	LatinRegular []byte
	//go:embed NotoSans-Bold.ttf
	LatinBold []byte
)

// Fallback is a list of fonts tried in order for each letter: a letter is set in the
// first that draws it. It is safe for concurrent use.
type Fallback struct {
	fonts []*sfnt.Font
}

// NewFallback parses files, the first tried first.
func NewFallback(files ...[]byte) (*Fallback, error) {
	f := &Fallback{}
	for i, file := range files {
		font, err := sfnt.Parse(file)
		if err != nil {
			return nil, fmt.Errorf("fonts: font %d: %w", i, err)
		}
		f.fonts = append(f.fonts, font)
	}
	return f, nil
}

// Has reports whether font i draws r: it has a glyph for r that is not .notdef and, for a
// letter that is not a space, not empty (NanumSquare maps "•" to a blank glyph).
func (f *Fallback) Has(i int, r rune) bool {
	var b sfnt.Buffer
	g, err := f.fonts[i].GlyphIndex(&b, r)
	if err != nil || g == 0 {
		return false
	}
	if unicode.IsSpace(r) {
		return true
	}
	segs, err := f.fonts[i].LoadGlyph(&b, g, fixed.I(16), nil)
	return err == nil && len(segs) > 0
}

// Pick is the first font that draws r, or -1 when none does.
func (f *Fallback) Pick(r rune) int {
	for i := range f.fonts {
		if f.Has(i, r) {
			return i
		}
	}
	return -1
}

// pickWord is the first font that draws every letter of word (or of a line), or -1.
func (f *Fallback) pickWord(word string) int {
next:
	for i := range f.fonts {
		for _, r := range word {
			if !f.Has(i, r) {
				continue next
			}
		}
		return i
	}
	return -1
}

// Run is a stretch of text set in one font.
type Run struct {
	Font int
	Text string
}

// Runs cuts s into stretches each set in one font. When one font draws all of s, s is
// set in the first such font whole, so that a line of Latin with one accent is not set in
// two weights of letters ("Łukasz" in Noto Sans beside "Straße" in NanumSquare). Else
// each word (with the spaces after it) is set in the first font that draws all its
// letters, so that a word is never set in two fonts ("r" + "ésumé"); a word that no font
// draws whole is set letter by letter, and a letter no font draws stays in the font
// before it.
func (f *Fallback) Runs(s string) []Run {
	if s == "" {
		return nil
	}
	if i := f.pickWord(s); i >= 0 {
		return []Run{{Font: i, Text: s}}
	}
	var runs []Run
	add := func(font int, text string) {
		if n := len(runs); n > 0 && runs[n-1].Font == font {
			runs[n-1].Text += text
			return
		}
		runs = append(runs, Run{Font: font, Text: text})
	}
	for s != "" {
		end := wordEnd(s)
		word := s[:end]
		s = s[end:]
		if i := f.pickWord(word); i >= 0 {
			add(i, word)
			continue
		}
		for len(word) > 0 {
			r, size := utf8.DecodeRuneInString(word)
			i := f.Pick(r)
			if i < 0 {
				i = 0
				if n := len(runs); n > 0 {
					i = runs[n-1].Font
				}
			}
			add(i, word[:size]) // the bytes as they came, even where they are not UTF-8
			word = word[size:]
		}
	}
	return runs
}

// wordEnd is where s's first word and the spaces after it end.
func wordEnd(s string) int {
	inSpace := false
	for i, r := range s {
		space := unicode.IsSpace(r)
		if inSpace && !space {
			return i
		}
		inSpace = inSpace || space
	}
	return len(s)
}
