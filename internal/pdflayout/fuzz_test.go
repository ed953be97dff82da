package pdflayout_test

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"sitecard/internal/pdflayout"
	"sitecard/internal/pdftext"
)

// geometryFrom turns bytes into a page of glyphs and rules, however absurd: boxes inside
// out, sizes of zero or NaN, private-use and surrogate code points, rules everywhere.
func geometryFrom(data []byte) []pdftext.Page {
	f := func(i int) float32 {
		if i+4 > len(data) {
			return 0
		}
		v := math.Float32frombits(binary.LittleEndian.Uint32(data[i:]))
		if data[i]%7 == 0 { // mostly values a page could have
			return v
		}
		return float32(binary.LittleEndian.Uint16(data[i:]) % 900)
	}
	var pages []pdftext.Page
	p := pdftext.Page{Width: 595, Height: 842}
	for i := 0; i+24 <= len(data) && len(p.Glyphs) < 4000; i += 24 {
		if data[i] == 0xff {
			pages = append(pages, p)
			p = pdftext.Page{Width: 595, Height: 842}
			continue
		}
		b := pdftext.Box{X0: f(i + 4), Y0: f(i + 8), X1: f(i + 12), Y1: f(i + 16)}
		if data[i]%5 == 0 {
			p.Rules = append(p.Rules, b)
			continue
		}
		r := rune(binary.LittleEndian.Uint32(data[i:]) % 0x110000)
		if data[i]%3 == 0 {
			set := []rune("•★☆ab 가나다\uf0b7-1.:@|")
			r = set[int(data[i+1])%len(set)]
		}
		p.Glyphs = append(p.Glyphs, pdftext.Glyph{R: r, Box: b, X: b.X0, Y: b.Y1, Size: f(i + 20), Weight: int16(data[i+2]) * 8, Generated: data[i+3] == 1})
	}
	return append(pages, p)
}

// Whatever geometry a PDF reports, the builder returns facts without panicking, each
// short enough to quote and free of private-use characters.
func FuzzBuild(f *testing.F) {
	f.Add([]byte("E X P E R I E N C E and some words of a line, then a table"))
	f.Add(make([]byte, 24*40))
	seed := make([]byte, 0, 24*60)
	for i := range 60 {
		g := make([]byte, 24)
		g[0] = byte(3 * (i%10 + 1))
		g[1] = byte(i)
		binary.LittleEndian.PutUint16(g[4:], uint16(72+i*7%400))
		binary.LittleEndian.PutUint16(g[8:], uint16(100+i/10*14))
		binary.LittleEndian.PutUint16(g[12:], uint16(78+i*7%400))
		binary.LittleEndian.PutUint16(g[16:], uint16(112+i/10*14))
		binary.LittleEndian.PutUint16(g[20:], 10)
		seed = append(seed, g...)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := pdflayout.Build(geometryFrom(data))
		for _, fact := range doc.Facts {
			if strings.IndexFunc(fact.Text+fact.Section, isPrivate) >= 0 || strings.ContainsAny(fact.Text, "\uf0b7") {
				t.Fatalf("private-use character in %q", fact.Text)
			}
			if n := utf8.RuneCountInString(fact.Text); n == 0 || n > pdflayout.MaxFact {
				t.Fatalf("fact of %d characters", n)
			}
			if !utf8.ValidString(fact.Text) || !utf8.ValidString(fact.Section) {
				t.Fatalf("invalid UTF-8: %q", fact.Text)
			}
		}
	})
}

// Long prose is cut into sentences, in both languages, and a sentence past MaxFact at a
// clause.
func TestLongProseIsCutIntoSentences(t *testing.T) {
	en := "I moved forty servers to a private cloud. " + strings.Repeat("The rota, the handbook and the alerts were rewritten, tested, and kept, ", 6) + "done. Then I left."
	ko := "주문 데이터 파이프라인을 다시 설계했습니다. 지연 시간이 여섯 시간에서 십이 분으로 줄었어요. 장애도 절반이 되었다."
	for _, text := range []string{en, ko} {
		doc := pdflayout.Build([]pdftext.Page{page(text)})
		if len(doc.Facts) < 3 {
			t.Errorf("%q read as %d facts: %v", text[:20], len(doc.Facts), doc.Facts)
		}
		for _, f := range doc.Facts {
			if utf8.RuneCountInString(f.Text) > pdflayout.MaxFact {
				t.Errorf("a fact of %d characters", utf8.RuneCountInString(f.Text))
			}
		}
	}
	doc := pdflayout.Build([]pdftext.Page{page(ko)})
	if len(doc.Facts) != 3 || doc.Facts[1].Text != "지연 시간이 여섯 시간에서 십이 분으로 줄었어요." {
		t.Errorf("Korean sentences: %+v", doc.Facts)
	}
}

// page sets text as a paragraph of 10-point glyphs, 6 points apart, wrapped at 80 glyphs.
func page(text string) pdftext.Page {
	p := pdftext.Page{Width: 595, Height: 842}
	x, y := float32(72), float32(100)
	for i, r := range []rune(text) {
		if i > 0 && i%80 == 0 {
			x, y = 72, y+13
		}
		if r != ' ' {
			p.Glyphs = append(p.Glyphs, pdftext.Glyph{R: r, Box: pdftext.Box{X0: x, Y0: y - 9, X1: x + 5.5, Y1: y + 2}, X: x, Y: y, Size: 10, Weight: 400})
		}
		x += 6
	}
	return p
}

// A Korean paragraph wrapped between words keeps its spaces ("건의 거래", not "건의거래");
// one cut between two syllables of a word, on a full line, is one word again.
func TestWrappedHangulKeepsItsWords(t *testing.T) {
	// line sets words at y in 10-point glyphs, the gaps stretched so that the line ends
	// at end (a justified line), or 3 points when end is 0.
	line := func(p *pdftext.Page, y, end float32, words ...string) {
		n := 0
		for _, w := range words {
			n += len([]rune(w))
		}
		gap := float32(3)
		if end > 0 && len(words) > 1 {
			gap = (end - 72 - float32(n)*10) / float32(len(words)-1)
		}
		x := float32(72)
		for _, w := range words {
			for _, r := range w {
				p.Glyphs = append(p.Glyphs, pdftext.Glyph{R: r, Box: pdftext.Box{X0: x, Y0: y - 9, X1: x + 10, Y1: y + 2}, X: x, Y: y, Size: 10, Weight: 400})
				x += 10
			}
			x += gap
		}
	}
	p := pdftext.Page{Width: 595, Height: 842}
	// Broken between words: the line ends 25 points (two syllables and more) short of
	// the flow's right edge, 500.
	line(&p, 100, 475, "월", "4억", "원", "규모의", "검색", "광고를", "운영하며", "고객사", "여섯", "곳과", "신규", "건의")
	line(&p, 113, 0, "거래를", "성사시켰습니다.")
	// Cut inside 주식회사: the line is full to the right edge.
	line(&p, 140, 500, "우리", "회사는", "페이노트라는", "이름으로", "온라인", "결제", "플랫폼을", "만들어", "운영하는", "작은", "스타트업", "(주")
	line(&p, 153, 0, "식회사)이며", "서울에", "있습니다.")
	doc := pdflayout.Build([]pdftext.Page{p})
	var all []string
	for _, f := range doc.Facts {
		all = append(all, f.Text)
	}
	text := strings.Join(all, "\n")
	if !strings.Contains(text, "신규 건의 거래를 성사시켰습니다.") {
		t.Errorf("words glued across the wrap:\n%s", text)
	}
	if !strings.Contains(text, "작은 스타트업 (주식회사)이며 서울에 있습니다.") {
		t.Errorf("a word cut at the line's end stayed cut:\n%s", text)
	}
}
