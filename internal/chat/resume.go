package chat

import (
	"encoding/json"
	"sort"
	"strings"
	"unicode"
)

// ResumeLines turns a résumé's text (pages apart by form feeds) into the lines its
// passages are made of: one line per fact (an entry, a bullet, a sentence that wrapped),
// each carrying its section's heading as "heading: fact". A heading is never a line of
// its own, so it can never be the whole of an answer.
func ResumeLines(text string) []string {
	var raw []string
	for _, page := range strings.Split(text, "\f") {
		for _, l := range strings.Split(page, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				raw = append(raw, l)
			}
		}
	}
	full := fullWidth(raw)
	var out []string
	// What comes before the first heading is the name, the title and the contact lines.
	heading, cur := personalLabel, ""
	prev := ""
	flush := func() {
		if cur == "" {
			return
		}
		if heading != "" {
			out = append(out, heading+": "+cur)
		} else {
			out = append(out, cur)
		}
		cur = ""
	}
	for _, l := range raw {
		if label, ok := headingLabel(l); ok {
			flush()
			heading, prev = label, ""
			continue
		}
		if cur != "" && continues(prev, l, full) {
			cur = join(cur, strings.TrimLeft(l, "•·▪◦-*– "))
		} else {
			flush()
			cur = strings.TrimLeft(l, "•·▪◦-*– ")
		}
		prev = l
	}
	flush()
	return out
}

// continues reports whether line goes on with the fact prev began: a line that wrapped,
// a table cell that wrapped in its column, a title's next line. A fact ends with its
// sentence; a bullet or a date starts the next one (a new entry, a new table row).
func continues(prev, line string, full int) bool {
	if prev == "" || full == 0 {
		return false
	}
	last := []rune(prev)[len([]rune(prev))-1]
	if strings.ContainsRune("~–—-", last) {
		return true // "2018.07 ~" / "2021.02": a period that wrapped
	}
	if strings.ContainsRune(".!?。", last) {
		return false
	}
	first := []rune(line)[0]
	if strings.ContainsRune("•·▪◦*–-", first) || startsWithDate(line) {
		return false
	}
	return true
}

// startsWithDate reports a line that begins with a year or a month: "2021.03 ~ 현재",
// "Jun 2016 – Dec 2019", "2017 공개SW 개발자대회".
func startsWithDate(line string) bool {
	r := []rune(line)
	if len(r) >= 4 && unicode.IsDigit(r[0]) && unicode.IsDigit(r[1]) && unicode.IsDigit(r[2]) && unicode.IsDigit(r[3]) {
		return true
	}
	for _, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if len(line) > 4 && strings.EqualFold(line[:3], m) && (line[3] == ' ' || line[3] == '.') {
			return true
		}
	}
	return false
}

// join glues a line to the fact it continues: Hangul to Hangul with nothing between, since
// Korean wraps inside words ("배치" and "를" are "배치를"), anything else with a space.
func join(fact, line string) string {
	a, b := []rune(fact), []rune(line)
	if isHangul(a[len(a)-1]) && isHangul(b[0]) {
		return fact + line
	}
	return fact + " " + line
}

// fullWidth is the width of a full line of the text: the longest lines' width, leaving
// out the few longest (a heading rule, a URL).
func fullWidth(lines []string) int {
	if len(lines) == 0 {
		return 0
	}
	ws := make([]int, len(lines))
	for i, l := range lines {
		ws[i] = width(l)
	}
	sort.Ints(ws)
	return ws[len(ws)*9/10]
}

// width is how wide a line is printed: Hangul and other wide letters count twice.
func width(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// ResumeFact is one thing a résumé says (a bullet, a table row with its headers, a
// "label: value" pair, a sentence), and the heading it is under as printed.
type ResumeFact struct {
	Section string `json:"section,omitempty"`
	Text    string `json:"text"`
	Kind    string `json:"kind,omitempty"`
	Page    int    `json:"page,omitempty"`
}

// FactsFormat marks a résumé's stored text as its facts (EncodeFacts), rather than
// the plain text of its pages that older versions kept, and says which reading made
// them: 2 the first layout reading (internal/pdflayout), 3 that of 2026-12-02 (cells
// drawn as stroked rectangles, numbered headings, an entry's dates under it, paragraphs
// set apart, ligatures, Hangul beside figures). Facts of an older format answer until
// the résumé is read again from its PDF.
const FactsFormat = 3

type storedFacts struct {
	Format int          `json:"format"`
	Facts  []ResumeFact `json:"facts"`
}

// EncodeFacts writes a résumé's facts as the text kept beside its file.
func EncodeFacts(facts []ResumeFact) string {
	b, err := json.Marshal(storedFacts{Format: FactsFormat, Facts: facts})
	if err != nil {
		panic(err) // strings and ints only: it cannot fail
	}
	return string(b)
}

// DecodeFacts reads a stored text written by EncodeFacts, of this format or an older
// one; ok is false for the plain text older versions kept. Either is read again from
// the PDF unless CurrentFacts says it is of this format.
func DecodeFacts(text string) (facts []ResumeFact, ok bool) {
	s, ok := decodeFacts(text)
	return s.Facts, ok
}

// CurrentFacts reports a stored text of facts in this FactsFormat: nothing to read again.
func CurrentFacts(text string) bool {
	s, ok := decodeFacts(text)
	return ok && s.Format == FactsFormat
}

func decodeFacts(text string) (storedFacts, bool) {
	if !strings.HasPrefix(text, `{"format":`) {
		return storedFacts{}, false
	}
	var s storedFacts
	if err := json.Unmarshal([]byte(text), &s); err != nil || s.Format < 2 || s.Format > FactsFormat {
		return storedFacts{}, false
	}
	return s, true
}

// personalLabel is the section of what comes before a résumé's first heading: the
// name, the title, the contact lines.
const personalLabel = "인적사항 · Personal details"

// FactLines writes a résumé's facts as passage lines, "section: fact". A section the
// vocabulary knows carries its name in both languages beside the document's own words
// ("경력 · Experience · 경력사항"); another keeps the document's heading as printed.
// A heading is never a line of its own.
func FactLines(facts []ResumeFact) []string {
	var out []string
	for _, f := range facts {
		if f.Kind == "heading" {
			continue
		}
		text := Clean(f.Text)
		if !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			continue
		}
		label := personalLabel
		if section := Clean(strings.NewReplacer(":", " ", "：", " ").Replace(f.Section)); section != "" {
			if known, ok := headingLabel(section); ok {
				label = known
			} else {
				label = section
			}
		}
		out = append(out, label+": "+text)
	}
	return out
}
