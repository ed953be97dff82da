package pdflayout

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// headingText is a heading as printed, without its ornaments ("■ 학력사항", "[경력]").
func headingText(s string) string {
	s = clean(s)
	s = strings.TrimFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ')' && r != '(' || strings.ContainsRune("[]【】<>《》", r)
	})
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	return strings.TrimSpace(s)
}

// pairs splits a contact line ("010-1234-5678 | mira@x.example | Seoul", "Email x ·
// Phone y") into label: value pairs, in the sections of personal details and before the
// first heading. Elsewhere it returns the text as it is.
func (b *builder) pairs(text, section string) []string {
	if section != "" && !personalLabels[normal(section)] && !contactSections[normal(section)] {
		return []string{text}
	}
	text = withoutIcon(text)
	if isIcon(text) {
		return nil
	}
	pieces := splitSeparators(text)
	if _, _, ok := labelValue(text); !ok && len(pieces) < 2 {
		pieces = splitContacts(text)
	}
	if len(pieces) < 2 {
		if p, ok := b.contactPair(text); ok {
			return []string{p}
		}
		return []string{text}
	}
	out := make([]string, 0, len(pieces))
	for _, p := range pieces {
		if p = withoutIcon(p); isIcon(p) {
			continue
		}
		if pair, ok := b.contactPair(p); ok {
			out = append(out, pair)
		} else {
			out = append(out, p)
		}
	}
	return out
}

// isIcon reports a lone capital letter among contact details: an icon font's glyph
// that maps to a letter (moderncv's marvosym and Font Awesome: M a phone, E a mail, W a
// web page), nothing a visitor reads.
func isIcon(s string) bool {
	r := []rune(strings.TrimSpace(s))
	return len(r) == 1 && r[0] >= 'A' && r[0] <= 'Z'
}

// withoutIcon drops such a letter before the contact value it marks ("M +44 7700 900
// 283", "W lab.example.org").
func withoutIcon(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == ' ' && contactValue(s[2:]) {
		return strings.TrimSpace(s[2:])
	}
	return s
}

// contactToken finds an address, a number or a link inside a line.
var contactToken = regexp.MustCompile(`[^\s@]+@[^\s@]+\.[^\s@]+|\+?[0-9][0-9()\-. ]{6,}[0-9]|(?i)(https?://|www\.)\S+`)

// splitContacts cuts "mail@x.kr 010-1234-5678 경기도 고양시" around its contact values.
func splitContacts(s string) []string {
	var out []string
	at := 0
	for _, m := range contactToken.FindAllStringIndex(s, -1) {
		if digits(s[m[0]:m[1]]) < 8 && !strings.Contains(s[m[0]:m[1]], "@") && !strings.Contains(s[m[0]:m[1]], ".") {
			continue
		}
		if p := strings.TrimSpace(s[at:m[0]]); p != "" {
			out = append(out, p)
		}
		out = append(out, strings.TrimSpace(s[m[0]:m[1]]))
		at = m[1]
	}
	if p := strings.TrimSpace(s[at:]); p != "" {
		out = append(out, p)
	}
	return out
}

var separators = regexp.MustCompile(`\s+[|·•/]\s+|\s{2,}`)

func splitSeparators(s string) []string {
	var out []string
	for _, p := range separators.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var (
	emailRe = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 ()\-.]{6,}[0-9]$`)
	urlRe   = regexp.MustCompile(`(?i)^((https?://|www\.|github\.com/|linkedin\.com/)\S+|[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|io|dev|me|co|kr|uk|de|fr|jp|ca|au|nz|se|no|eu|edu|gov|app|page|site|info|blog|xyz)(/\S*)?)$`)
)

// contactPair names a bare contact value by what it is: an address, a number, a link.
func (b *builder) contactPair(s string) (string, bool) {
	if label, value, ok := labelValue(s); ok {
		return label + ": " + value, true
	}
	names := map[bool][3]string{false: {"Email", "Phone", "Web"}, true: {"이메일", "연락처", "웹"}}[b.korean]
	switch {
	case emailRe.MatchString(s):
		return names[0] + ": " + s, true
	case phoneRe.MatchString(s) && digits(s) >= 8:
		return names[1] + ": " + s, true
	case urlRe.MatchString(s):
		return names[2] + ": " + s, true
	}
	// "Email mira@x.example": a known label, then its value.
	if f := strings.SplitN(s, " ", 2); len(f) == 2 && personalLabels[normal(f[0])] {
		return f[0] + ": " + strings.TrimSpace(f[1]), true
	}
	return "", false
}

// startsWithDate reports a line that begins with a year or a month: "2021.03 ~ 현재",
// "Jun 2016 – Dec 2019", "2017 공개SW 개발자대회".
func startsWithDate(line string) bool {
	r := []rune(line)
	if len(r) >= 4 && unicode.IsDigit(r[0]) && unicode.IsDigit(r[1]) && unicode.IsDigit(r[2]) && unicode.IsDigit(r[3]) && (len(r) == 4 || !unicode.IsDigit(r[4]) && !strings.ContainsRune(",;)", r[4])) {
		return true
	}
	for _, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if len(line) > 4 && strings.EqualFold(line[:3], m) && (line[3] == ' ' || line[3] == '.') && unicode.IsDigit(r[len(r)-1]) {
			return true
		}
	}
	return false
}

// contactValue reports text that is, or ends or starts with, an address, a number or a link.
func contactValue(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	for _, w := range []string{f[0], f[len(f)-1]} {
		if emailRe.MatchString(w) || urlRe.MatchString(w) {
			return true
		}
	}
	return phoneRe.MatchString(s) && digits(s) >= 8
}

// labelValue splits "label: value" where the label is short.
func labelValue(s string) (string, string, bool) {
	i := strings.IndexAny(s, ":：")
	if i <= 0 {
		return "", "", false
	}
	label, value := strings.TrimSpace(s[:i]), strings.TrimSpace(strings.TrimLeft(s[i:], ":： "))
	if value == "" || utf8.RuneCountInString(label) > 20 || len(strings.Fields(label)) > 3 || digits(label) > 0 || strings.HasPrefix(value, "//") {
		return "", "", false
	}
	return label, value, true
}

// The ratings' glyphs: each filled one with its empty one.
var ratingFilled = map[rune]rune{'★': '☆', '●': '○', '■': '□', '◆': '◇', '▰': '▱', '⬤': '◯', '◼': '◻', '▪': '▫', '✦': '✧', '⚫': '⚪', '🟊': '☆', '✪': '☆', '◉': '○'}

var ratingEmpty = func() map[rune]bool {
	m := map[rune]bool{}
	for _, e := range ratingFilled {
		m[e] = true
	}
	return m
}()

func ratingRune(r rune) bool { _, f := ratingFilled[r]; return f || ratingEmpty[r] }

func isRatingOnly(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case ratingRune(r):
			n++
		case r != ' ':
			return false
		}
	}
	return n >= 3
}

// ratings turns each run of three to ten rating glyphs into its level beside the skill:
// "Python ★★★★☆" is "Python: 4 of 5" ("Python: 5점 중 4" in a Korean résumé).
func (b *builder) ratings(s string) string {
	rs := []rune(s)
	var out strings.Builder
	for i := 0; i < len(rs); {
		if !ratingRune(rs[i]) {
			out.WriteRune(rs[i])
			i++
			continue
		}
		j, filled, total := i, 0, 0
		for j < len(rs) && (ratingRune(rs[j]) || rs[j] == ' ' && j+1 < len(rs) && ratingRune(rs[j+1])) {
			if rs[j] != ' ' {
				total++
				if _, f := ratingFilled[rs[j]]; f {
					filled++
				}
			}
			j++
		}
		if total < 3 || total > 10 {
			out.WriteString(string(rs[i:j]))
			i = j
			continue
		}
		level := strconv.Itoa(filled) + " of " + strconv.Itoa(total)
		if b.korean {
			// and as a fraction, which reads the same in both languages
			level = strconv.Itoa(total) + "점 중 " + strconv.Itoa(filled) + " (" + strconv.Itoa(filled) + "/" + strconv.Itoa(total) + ")"
		}
		before := strings.TrimRight(out.String(), " ·:")
		out.Reset()
		out.WriteString(before)
		if before != "" {
			out.WriteString(": ")
		}
		out.WriteString(level)
		i = j
	}
	return out.String()
}

// bulletStart returns how many bytes of s are its bullet (0 when it has none): a glyph
// of any list style, a private-use Symbol or Wingdings glyph, a number.
func bulletStart(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return 0
	}
	rest := s[n:]
	switch {
	case isPrivate(r), strings.ContainsRune("•◦▪▫■□●○·∙‣⁃➢➣➤►▶▸▹✓✔✗☑◆◇❖➔→⇒»※◎◉✦✧⦁⦿", r):
		if rest == "" || strings.HasPrefix(rest, " ") || !ratingRune(r) || !ratingRune(firstRune(rest)) {
			return n
		}
	case (r == '-' || r == '*' || r == '–' || r == '+') && strings.HasPrefix(rest, " "):
		return n
	case r >= '①' && r <= '⑳':
		return n
	}
	if m := numbered.FindStringIndex(s); m != nil {
		return m[1]
	}
	return 0
}

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

var numbered = regexp.MustCompile(`^(\(?\d{1,2}[.)]|\(\d{1,2}\))\s+`)

// clean removes private-use and control characters and folds spaces.
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case isPrivate(r), r == utf8.RuneError, r == '\ufeff', r == '\ufffe', r == '\u00ad', unicode.Is(unicode.Cs, r):
			continue
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		case r == '\u2010':
			r = '-'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

var abbreviations = map[string]bool{"e.g": true, "i.e": true, "dr": true, "mr": true, "ms": true, "mrs": true,
	"prof": true, "etc": true, "vs": true, "st": true, "inc": true, "ltd": true, "co": true, "no": true, "jr": true, "sr": true, "al": true, "fig": true, "cf": true}

// sentences splits prose after . ! ? and the Korean endings that close one (…다. …요.),
// where the next sentence starts: a capital, a figure, Hangul, a quote.
func sentences(s string) []string {
	rs := []rune(s)
	var out []string
	start := 0
	for i := 0; i < len(rs)-2; i++ {
		if !strings.ContainsRune(".!?。", rs[i]) || rs[i+1] != ' ' {
			continue
		}
		next := rs[i+2]
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || unicode.Is(unicode.Hangul, next) || strings.ContainsRune("\"'“‘(", next)) {
			continue
		}
		if rs[i] == '.' {
			w := i - 1
			for w >= start && rs[w] != ' ' {
				w--
			}
			word := strings.ToLower(string(rs[w+1 : i]))
			if abbreviations[word] || utf8.RuneCountInString(word) == 1 && unicode.IsUpper(rs[i-1]) {
				continue
			}
		}
		out = append(out, strings.TrimSpace(string(rs[start:i+1])))
		start = i + 2
	}
	if tail := strings.TrimSpace(string(rs[start:])); tail != "" {
		out = append(out, tail)
	}
	return out
}

// cut splits a piece longer than n characters at the clause (; , ·) or word nearest
// before n, again and again.
func cut(s string, n int) []string {
	var out []string
	for utf8.RuneCountInString(s) > n {
		rs := []rune(s)
		at := -1
		for _, sep := range []string{"; ", ", ", " · ", " "} {
			if i := strings.LastIndex(string(rs[:n]), sep); i > 0 && utf8.RuneCountInString(s[:i]) > n/3 {
				at = i + len(strings.TrimRight(sep, " "))
				break
			}
		}
		if at < 0 {
			at = len(string(rs[:n]))
		}
		out = append(out, strings.TrimSpace(s[:at]))
		s = strings.TrimSpace(s[at:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
