package chat

import (
	"regexp"
	"strings"
	"unicode"
)

// What decides an embedded answer, calibrated on the development half of
// bench/chat-quality's corpus (see bench/README.md):
const (
	// MinCoverage is the share of a question's weight the best fact must match for the
	// question to be answered; under it the card does not say.
	MinCoverage = 0.16
	// companionShare is how close to the best fact's score another fact must be to be
	// quoted beside it.
	companionShare = 0.6
	// maxQuotedFacts is how many facts an answer quotes at most.
	maxQuotedFacts = 3
)

// Quote is a fact picked to answer a question, and the passage it is from.
type Quote struct {
	Text    string
	Passage int
}

// Answer picks the facts that answer a question, best first: none when no fact covers
// MinCoverage of the question's weight (the card does not say); else the best-scoring
// fact of those that do, and up to two more of its section that score nearly as well.
func (l *Lexical) Answer(q Query) []Quote {
	quotes, coverage := l.Candidates(q)
	if coverage < MinCoverage {
		return nil
	}
	return quotes
}

// Candidates are the facts Answer would quote, and the best coverage of any fact (the
// corpus harness calibrates MinCoverage with them). With no fact covering MinCoverage
// they are the best-scoring ones all the same.
func (l *Lexical) Candidates(q Query) ([]Quote, float64) {
	ranked := l.Rank(q)
	if len(ranked) == 0 {
		return nil, 0
	}
	// A long fact that says all the question asks can score under a short one that
	// says part of it (the heading "경력" for "경력"; a project "2020 – 현재" for "where
	// do you work now?" beside the job "… Lead iOS Engineer 2021-07 ~ 현재"): the best is
	// chosen among those that cover enough, by their score times their coverage.
	best, top := -1, 0.0
	for i, s := range ranked {
		top = max(top, s.Coverage)
		if s.Coverage >= MinCoverage && (best < 0 || s.Score*s.Coverage > ranked[best].Score*ranked[best].Coverage) {
			best = i
		}
	}
	if best < 0 {
		best = 0
	}
	b := ranked[best]
	out := []Quote{{Text: b.Text, Passage: b.Passage}}
	// An entry of a résumé is often a few facts: a job's title, then its dates. A fact
	// that is only a period ("2022년 3월 – 현재") is quoted with its neighbours, and a
	// fact with the period beside it.
	label := labelOf(b.Text)
	for _, id := range []int{b.Line - 1, b.Line + 1} {
		if id < 0 || id >= len(l.lines) || labelOf(l.lines[id].text) != label || len(out) == maxQuotedFacts {
			continue
		}
		if n := l.lines[id]; thin(n.text) || thin(b.Text) {
			q := Quote{Text: n.text, Passage: n.passage}
			if id < b.Line {
				out = append([]Quote{q}, out...)
			} else {
				out = append(out, q)
			}
		}
	}
	if asksWhatWasDone(q.Text) {
		// "What did you do at X?": X names the entry, and what was done there is in the
		// facts that follow it, its bullets, up to the next entry.
		for id := b.Line + 1; id < len(l.lines) && len(out) < maxQuotedFacts; id++ {
			n := l.lines[id]
			if labelOf(n.text) != label || quoted(out, n.text) && id != b.Line+1 || hasRange(n.text) && !thin(n.text) {
				break
			}
			if !quoted(out, n.text) {
				out = append(out, Quote{Text: n.text, Passage: n.passage})
			}
		}
		return out, top
	}
	for i, s := range ranked {
		if len(out) == maxQuotedFacts || s.Score < companionShare*b.Score {
			break
		}
		// Facts quoted together share the best one's section: one heading says where.
		if i != best && s.Coverage >= min(MinCoverage, b.Coverage) && labelOf(s.Text) == label && !quoted(out, s.Text) {
			out = append(out, Quote{Text: s.Text, Passage: s.Passage})
		}
	}
	return out, top
}

// thin reports a fact that is little more than a period (and a place): it says what it
// means only beside its entry.
func thin(line string) bool {
	_, body, ok := strings.Cut(line, ": ")
	if !ok {
		body = line
	}
	letters, digits := 0, 0
	for _, r := range body {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	return letters < 12 && digits > 0 && (openPeriod.MatchString(body) || pastPeriod.MatchString(body) || yearShape.MatchString(body)) ||
		len([]rune(body)) < 50 && (openPeriod.MatchString(body) || pastPeriod.MatchString(body))
}

func quoted(qs []Quote, text string) bool {
	for _, q := range qs {
		if q.Text == text {
			return true
		}
	}
	return false
}

// BestLines picks from passages the facts that answer question best (tests, and the
// fuzzer).
func BestLines(question string, passages []string) []string {
	var out []string
	for _, q := range NewLexical(passages).Answer(NewQuery(question)) {
		out = append(out, q.Text)
	}
	return out
}

// Clean makes a fact's text safe to quote: no private-use characters (a Symbol-font
// bullet, U+F0B7), no control or format characters, and its spaces folded.
func Clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Co, r) || r == '\uFFFD' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// whatWasDone are the ways a question asks what was done in a job or a project, rather
// than where or when.
var whatWasDone = regexp.MustCompile(`(?i)\bwhat (?:\w+ )?(?:did|do) you (?:do|work on|build|make|ship|develop|deliver|lead|run)\b|\bwhat (?:was|is) your (?:role|work|job) (?:at|in|on)\b|\bwhat were your (?:duties|responsibilities)\b|무슨 일|어떤 일|무슨 업무|어떤 업무|뭘 하|뭐 하셨|뭐 했|무엇을 하|뭘 만들|뭐 만들|무엇을 만들|무슨 프로젝트`)

func asksWhatWasDone(question string) bool { return whatWasDone.MatchString(question) }

// hasRange reports a fact that names a period, from a date to a date or to now: an
// entry's head, not one of its bullets (which may name a year).
func hasRange(line string) bool {
	_, body, ok := strings.Cut(line, ": ")
	if !ok {
		body = line
	}
	return openPeriod.MatchString(body) || pastPeriod.MatchString(body)
}
