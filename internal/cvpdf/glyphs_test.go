package cvpdf_test

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"sitecard/internal/cvpdf"
)

// pdfFile is just enough of a PDF reader to find, for every letter the pages draw, the
// glyph its font's subset gives it.
type pdfFile struct {
	t    *testing.T
	data []byte
	objs map[int][]byte
}

var (
	objStart = regexp.MustCompile(`(?m)^(\d+) 0 obj`)
	fontRes  = regexp.MustCompile(`/(F[0-9a-f]+) (\d+) 0 R`)
	textOps  = regexp.MustCompile(`/(F[0-9a-f]+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\)Tj`)
	escape   = regexp.MustCompile(`\\([0-7]{1,3}|.)`)
)

func readPDF(t *testing.T, data []byte) *pdfFile {
	f := &pdfFile{t: t, data: data, objs: map[int][]byte{}}
	locs := objStart.FindAllSubmatchIndex(data, -1)
	for i, l := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		n, _ := strconv.Atoi(string(data[l[2]:l[3]]))
		f.objs[n] = data[l[0]:end]
	}
	return f
}

func (f *pdfFile) ref(obj []byte, key string) int {
	m := regexp.MustCompile(regexp.QuoteMeta(key) + `\s*\[?\s*(\d+) 0 R`).FindSubmatch(obj)
	if m == nil {
		f.t.Fatalf("no %s in %.200s", key, obj)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

func (f *pdfFile) stream(n int) []byte {
	o := f.objs[n]
	start := bytes.Index(o, []byte("stream")) + len("stream")
	for o[start] == '\r' || o[start] == '\n' {
		start++
	}
	raw := o[start:bytes.LastIndex(o, []byte("endstream"))]
	if !bytes.Contains(o[:start], []byte("/FlateDecode")) {
		return raw
	}
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		f.t.Fatalf("object %d: %v", n, err)
	}
	out, _ := io.ReadAll(r) // a trailing newline after the zlib data is not an error here
	return out
}

// drawn lists each letter the pages draw with the glyph its font's subset maps it to.
func (f *pdfFile) drawn() (letters []rune, glyphs []int) {
	gidMaps := map[string][]byte{}
	for _, o := range f.objs {
		if !bytes.Contains(o, []byte("/Type /Page\n")) {
			continue
		}
		res := f.objs[f.ref(o, "/Resources")]
		for _, m := range fontRes.FindAllSubmatch(res, -1) {
			font, _ := strconv.Atoi(string(m[2]))
			cid := f.objs[f.ref(f.objs[font], "/DescendantFonts")]
			gidMaps[string(m[1])] = f.stream(f.ref(cid, "/CIDToGIDMap"))
		}
		current := ""
		for _, op := range textOps.FindAllSubmatch(f.stream(f.ref(o, "/Contents")), -1) {
			if op[1] != nil {
				current = string(op[1])
				continue
			}
			raw := escape.ReplaceAllFunc(op[2], func(e []byte) []byte {
				if n, err := strconv.ParseUint(string(e[1:]), 8, 8); err == nil {
					return []byte{byte(n)}
				}
				if c, ok := map[byte]byte{'n': '\n', 'r': '\r', 't': '\t', 'b': '\b', 'f': '\f'}[e[1]]; ok {
					return []byte{c}
				}
				return e[1:2] // \( \) \\
			})
			units := make([]uint16, len(raw)/2)
			for i := range units {
				units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
			}
			for _, r := range utf16.Decode(units) {
				m := gidMaps[current]
				if m == nil || int(r)*2+1 >= len(m) {
					f.t.Fatalf("font %q has no glyph map for %q", current, r)
				}
				letters, glyphs = append(letters, r), append(glyphs, int(m[2*r])<<8|int(m[2*r+1]))
			}
		}
	}
	return letters, glyphs
}

// Accented Latin and Hangul are each drawn with a real glyph of the font chosen for them:
// no letter on the page maps to glyph 0 (.notdef, the empty box), in Korean and English
// résumés, in the regular and the bold weight.
func TestEveryLetterIsDrawn(t *testing.T) {
	accents := "é ü ñ ç ß ø Ł"
	for _, lang := range []string{"ko", "en"} {
		cv := cvpdf.CV{Lang: lang, Name: "Zoë Łukasz " + accents, AltName: "박서윤", JobTitle: "Ingénieure système " + accents,
			Contacts: []string{"zoë@example.com"}, Summary: "École nationale supérieure, 한국대학교. " + accents,
			Sections: []cvpdf.Section{{Title: "Éducation · 학력", Entries: []cvpdf.Entry{{Title: "École nationale supérieure " + accents,
				Period: "2020 – 2024", Subtitle: "Master · Mathématiques", Detail: "• Straße\n• Øresund\n• 한글 " + accents}}}},
			ProfilesTitle: "Liens", Profiles: []cvpdf.Profile{{Name: "Ñandú", URL: "https://example.com/ñ"}}, Note: "https://example.com/c/zoë"}
		out, err := cvpdf.PDF(cv)
		if err != nil {
			t.Fatal(err)
		}
		letters, glyphs := readPDF(t, out).drawn()
		seen := map[rune]bool{}
		for i, r := range letters {
			seen[r] = true
			if glyphs[i] == 0 && r != ' ' {
				t.Errorf("%s: %q is drawn as .notdef", lang, r)
			}
		}
		for _, r := range "éüñçßøŁ박한Éñ•" {
			if !seen[r] {
				t.Errorf("%s: %q is not on the page at all", lang, r)
			}
		}
	}
}

// Owners put emoji and other letters beyond the Basic Multilingual Plane in their cards
// (a 🚀 in a title, 𝐁old Unicode in a name): the résumé is still set, in every place
// text goes (a line of text, a right-aligned period, a link), instead of the visitor's
// cv.pdf answering 500 from fpdf's 16-bit glyph tables. The letters around them stay.
func TestLettersBeyondTheBMPDoNotBreakTheResume(t *testing.T) {
	astral := "😀🚀𝐁𠀀"
	cv := cvpdf.CV{Lang: "en", Name: "Zoë " + astral, AltName: astral, JobTitle: "Engineer " + astral,
		Contacts: []string{"zoë@example.com " + astral}, Summary: "Ships " + astral + " fast",
		Sections: []cvpdf.Section{{Title: "Work " + astral, Entries: []cvpdf.Entry{{Title: "Acme " + astral,
			Period: "2020 – " + astral, Subtitle: astral, Detail: "• " + astral + "\n• ok"}}}},
		Title: "CV " + astral, Author: astral, ProfilesTitle: "Links " + astral, Profiles: []cvpdf.Profile{{Name: "Blog " + astral, URL: "https://example.com/😀"}},
		Note: "https://example.com/c/zoe " + astral}
	out, err := cvpdf.PDF(cv)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "https://example.com/%F0%9F%98%80") {
		t.Error("the profile's link does not keep its address (percent-encoded)")
	}
	letters, _ := readPDF(t, out).drawn()
	seen := map[rune]bool{}
	for _, r := range letters {
		seen[r] = true
	}
	for _, r := range "ZoëEngineerShipsAcme•ok" {
		if !seen[r] {
			t.Errorf("%q is not on the page", r)
		}
	}
}
