package chat

import (
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
	heading, cur := "", ""
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
		if cur != "" && wrapped(prev, l, full) {
			cur += " " + strings.TrimLeft(l, "•·▪◦-*– ")
		} else {
			flush()
			cur = strings.TrimLeft(l, "•·▪◦-*– ")
		}
		prev = l
	}
	flush()
	return out
}

// wrapped reports whether line continues prev: prev ran to the full width of the text
// and did not end a sentence, and line does not start a new bullet.
func wrapped(prev, line string, full int) bool {
	if prev == "" || full == 0 || width(prev) < full*3/4 {
		return false
	}
	if strings.ContainsAny(prev[len(prev)-1:], ".!?。:") || strings.HasSuffix(prev, "다.") {
		return false
	}
	r := []rune(line)[0]
	return !strings.ContainsRune("•·▪◦-*–", r)
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
