package chat

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
	"github.com/tmc/langchaingo/documentloaders"
)

// PDFText reads the text of a PDF, page by page, with langchaingo's PDF loader.
//
// The loader's PDF library decodes a ToUnicode range that spans more than 256 codes
// wrongly: it adds the offset to the last byte only, so the range <0000> <FFFF> <0000>
// that fpdf (among others) writes for CJK fonts turns Korean into Latin-1 noise. Pages
// whose fonts carry such ranges are read again here, with the same library's parser and
// a decoding that carries the offset over the whole code.
func PDFText(ctx context.Context, data []byte) (string, error) {
	docs, err := documentloaders.NewPDF(bytes.NewReader(data), int64(len(data))).Load(ctx)
	if err != nil {
		return "", fmt.Errorf("chat: read the résumé PDF: %w", err)
	}
	fixed := rereadWideRangePages(data)
	var b strings.Builder
	for i, d := range docs {
		text := d.PageContent
		if t, ok := fixed[i+1]; ok {
			text = t
		}
		b.WriteString(strings.TrimSpace(text))
		b.WriteString("\n\n")
	}
	return b.String(), nil
}

// rereadWideRangePages returns the text of every page (numbered from 1) that uses a font
// whose ToUnicode map has a range wider than 256 codes.
func rereadWideRangePages(data []byte) (out map[int]string) {
	out = map[int]string{}
	defer func() {
		if recover() != nil { // a PDF the parser cannot walk keeps the loader's text
			out = map[int]string{}
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return out
	}
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		maps, wide := map[string]*toUnicode{}, false
		for _, name := range p.Fonts() {
			tu := p.Font(name).V.Key("ToUnicode")
			if tu.Kind() != pdf.Stream {
				continue
			}
			if m := readToUnicode(tu); m != nil {
				maps[name] = m
				wide = wide || m.wide
			}
		}
		if wide {
			out[i] = pageText(p, maps)
		}
	}
	return out
}

// toUnicode is a font's ToUnicode CMap: single codes and ranges of codes to text.
type toUnicode struct {
	codeLen int
	chars   map[uint32][]uint16
	ranges  []codeRange
	wide    bool
}

type codeRange struct {
	lo, hi uint32
	dst    []uint16   // the first code's text; later codes add to its last unit
	each   [][]uint16 // or one text per code
}

var (
	cmapBlock = regexp.MustCompile(`(?s)begin(bfchar|bfrange|codespacerange)(.*?)end(bfchar|bfrange|codespacerange)`)
	cmapToken = regexp.MustCompile(`<[0-9A-Fa-f\s]*>|\[|\]`)
)

func readToUnicode(v pdf.Value) *toUnicode {
	rc := v.Reader()
	defer rc.Close()
	raw, err := io.ReadAll(rc)
	if err != nil {
		return nil
	}
	m := &toUnicode{codeLen: 2, chars: map[uint32][]uint16{}}
	for _, blk := range cmapBlock.FindAllStringSubmatch(string(raw), -1) {
		toks := cmapToken.FindAllString(blk[2], -1)
		switch blk[1] {
		case "codespacerange":
			if len(toks) > 0 {
				m.codeLen = len(hexBytes(toks[0]))
			}
		case "bfchar":
			for i := 0; i+1 < len(toks); i += 2 {
				m.chars[code(hexBytes(toks[i]))] = units(hexBytes(toks[i+1]))
			}
		case "bfrange":
			for i := 0; i+2 < len(toks); {
				r := codeRange{lo: code(hexBytes(toks[i])), hi: code(hexBytes(toks[i+1]))}
				i += 2
				if toks[i] == "[" {
					for i++; i < len(toks) && toks[i] != "]"; i++ {
						r.each = append(r.each, units(hexBytes(toks[i])))
					}
				} else {
					r.dst = units(hexBytes(toks[i]))
				}
				i++
				m.wide = m.wide || r.hi-r.lo > 0xFF
				m.ranges = append(m.ranges, r)
			}
		}
	}
	if m.codeLen < 1 || m.codeLen > 4 {
		return nil
	}
	return m
}

func hexBytes(tok string) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(strings.Trim(tok, "<>")), ""))
	if err != nil {
		return nil
	}
	return b
}

func code(b []byte) uint32 {
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c
}

func units(b []byte) []uint16 {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return u
}

// decode turns a shown string into text.
func (m *toUnicode) decode(s string) string {
	var out []uint16
	for i := 0; i+m.codeLen <= len(s); i += m.codeLen {
		c := code([]byte(s[i : i+m.codeLen]))
		if u, ok := m.chars[c]; ok {
			out = append(out, u...)
			continue
		}
		for _, r := range m.ranges {
			if c < r.lo || c > r.hi {
				continue
			}
			if r.each != nil {
				if int(c-r.lo) < len(r.each) {
					out = append(out, r.each[c-r.lo]...)
				}
			} else if len(r.dst) > 0 {
				u := append([]uint16(nil), r.dst...)
				u[len(u)-1] += uint16(c - r.lo)
				out = append(out, u...)
			}
			break
		}
	}
	return string(utf16.Decode(out))
}

// pageText walks a page's content stream and decodes the text it shows, a line break for
// each new line the text moves to.
func pageText(p pdf.Page, maps map[string]*toUnicode) string {
	var b strings.Builder
	var cur *toUnicode
	show := func(v pdf.Value) {
		if v.Kind() == pdf.String && cur != nil {
			b.WriteString(cur.decode(v.RawString()))
		}
	}
	walk := func(strm pdf.Value) {
		pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
			args := make([]pdf.Value, stk.Len())
			for i := len(args) - 1; i >= 0; i-- {
				args[i] = stk.Pop()
			}
			switch op {
			case "Tf":
				if len(args) == 2 {
					cur = maps[args[0].Name()]
				}
			case "Tj", "'", "\"":
				if len(args) > 0 {
					show(args[len(args)-1])
				}
			case "TJ":
				if len(args) == 1 {
					for i := 0; i < args[0].Len(); i++ {
						show(args[0].Index(i))
					}
				}
			case "T*", "Td", "TD", "ET":
				b.WriteString("\n")
			}
		})
	}
	contents := p.V.Key("Contents")
	if contents.Kind() == pdf.Array {
		for i := 0; i < contents.Len(); i++ {
			walk(contents.Index(i))
		}
	} else {
		walk(contents)
	}
	return b.String()
}
