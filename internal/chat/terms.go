// Package chat is the "ask me" chatbot's machinery, with no database and no HTTP: it turns
// a card and its résumé into facts and passages, ranks them for a question (lexically,
// or by embedding when one is configured), and either quotes the best facts or asks a
// language model through langchaingo.
package chat

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// How much a match counts, against the question word itself matched whole.
const (
	synonymMatch = 0.9 // a word of the question word's lexicon group
	affixMatch   = 0.8 // the beginning or end of a Korean compound ("기술" in "기술스택")
	textMatch    = 0.5 // a lexicon word in a fact's text rather than its section's heading
	// askingWeight scales a word of the question's frame the lexicon does not know: a
	// Korean predicate ("지내요", "가능하세요", "받은", "할"), a verb or adjective that
	// asks ("use", "given", "good"). It says how, not what.
	askingWeight = 0.35
	// kindWeight scales a word that names a kind of fact ("degree" in "do you have a
	// master's degree?", "speak" in "do you speak Japanese?"): the fact that answers
	// often implies it, and it is the thing named ("Japanese") that must be matched.
	kindWeight = 0.3
	// absentWeight scales a known thing the card never says (see Rank).
	absentWeight = 2.0
)

// Query is a question read once: its words, each with the terms that match it.
type Query struct {
	Text  string
	words []qword
}

// qword is one word (or two-word phrase) of a question. It counts once, by its best
// match in a fact; weight scales what it counts (a predicate counts less than a noun).
type qword struct {
	text   string
	alts   []alt
	weight float64
	known  bool // the lexicon knows it
	kind   bool // it names a kind of fact (see lexEntry)
	// scoreOnly words rank facts but weigh nothing in coverage: "얼마나" prefers the
	// fact that says an amount, and never makes a question unanswerable.
	scoreOnly bool
}

// alt is a term that matches a question word, and how much such a match counts.
type alt struct {
	term   string
	affix  bool // matched against the affixes of Korean compounds
	label  bool // matched in a section's heading only: the section a kind of thing is under
	factor float64
}

// NewQuery reads a question: each word, or pair of words ("free time", "여가 시간"), is
// stemmed and looked up in the lexicon; words that only ask ("what", "어디서",
// "있으세요") are left out.
func NewQuery(question string) Query {
	type w struct {
		raw, key string
		verbal   bool
	}
	var ws []w
	// "the US" in capitals is the country, not the pronoun.
	question = usCountry.ReplaceAllString(question, "USA")
	for _, raw := range words(question) {
		if !hasHangul(raw) {
			if englishStopWords()[raw] {
				continue
			}
			ws = append(ws, w{raw: raw, key: stemEnglish(raw)})
			continue
		}
		stem, verbal := koreanStem(raw)
		if askingOnly(raw, stem) {
			continue
		}
		ws = append(ws, w{raw: raw, key: stem, verbal: verbal})
	}
	q := Query{Text: question}
	if asksWhatWasDone(question) {
		// What was done is best found in a job or a project: their sections rank first.
		if g := synonymGroup("work"); g != nil {
			q.words = append(q.words, qword{text: "(work)", alts: g.alts, weight: askingWeight, scoreOnly: true})
		}
	}
	if asksAmount(question) {
		q.words = append(q.words, qword{text: "(amount)", alts: []alt{{term: markAmount, factor: 1}}, weight: askingWeight, scoreOnly: true})
	}
	seen := map[string]bool{}  // the lexicon groups met, by their first word
	asked := map[string]bool{} // the words met
	for i := 0; i < len(ws); i++ {
		cur := ws[i]
		if asked[cur.key] {
			continue // a word asked twice counts once
		}
		asked[cur.key] = true
		var group *lexEntry
		if i+1 < len(ws) {
			if group = synonymGroup(cur.key + " " + ws[i+1].key); group != nil {
				i++
				if seen[group.first] {
					continue
				}
				seen[group.first] = true
				q.words = append(q.words, qword{text: cur.raw + " " + ws[i].raw, alts: group.alts, weight: frameScale(group), known: true, kind: group.kind})
				continue
			}
		}
		qw := qword{text: cur.raw, weight: 1, alts: ownAlts(cur.raw, cur.key)}
		group = synonymGroup(cur.key)
		if group == nil && cur.verbal && hasHangul(cur.key) {
			// "일하세요" is the verb 일하 with its ending; alone, "일" is also a day.
			if group = synonymGroup(cur.key + "하"); group != nil && len([]rune(cur.key)) == 1 {
				qw.alts = ownAlts(cur.key+"하", cur.key+"하")
			}
		}
		if group == nil && hasHangul(cur.key) {
			// "다룰", "쓴": a verb's stem with the final ㄹ or ㄴ of its modifier form.
			if bare, ok := withoutModifier(cur.key); ok {
				group = synonymGroup(bare)
			}
		}
		if group == nil && hasHangul(cur.key) {
			// "기술스택을" starts with "기술": a compound whose beginning the lexicon knows.
			rs := []rune(cur.key)
			for n := len(rs) - 1; n >= 2 && group == nil; n-- {
				group = synonymGroup(string(rs[:n]))
			}
		}
		switch {
		case group != nil && seen[group.first]:
			continue // "어떤 기술을 다루세요?": two words of one group ask one thing
		case group != nil:
			seen[group.first] = true
			if group.place {
				qw.alts = wholeOnly(qw.alts) // "부산" is not asked of 부산대학교
			}
			qw.alts, qw.known, qw.kind, qw.weight = append(qw.alts, group.alts...), true, group.kind, frameScale(group)
		case cur.verbal || frameWord(cur.key):
			qw.weight = askingWeight
		}
		q.words = append(q.words, qw)
	}
	return q
}

// wholeOnly drops the compound-part terms of a question word.
func wholeOnly(alts []alt) []alt {
	var out []alt
	for _, a := range alts {
		if !a.affix {
			out = append(out, a)
		}
	}
	return out
}

var usCountry = regexp.MustCompile(`\bU\.?S\.?(?:A\.?)?\b`)

// withoutModifier is a Korean word whose last syllable loses the final ㄴ or ㄹ of a
// modifier ("다룰" is "다루", "쓴" is "쓰"), if it has one.
func withoutModifier(w string) (string, bool) {
	rs := []rune(w)
	last := rs[len(rs)-1]
	if last < 0xAC00 || last > 0xD7A3 {
		return "", false
	}
	switch (last - 0xAC00) % 28 {
	case 4, 8: // ㄴ, ㄹ
		rs[len(rs)-1] = last - (last-0xAC00)%28
		return string(rs), true
	}
	return "", false
}

// asksAmount reports a question that asks how much, how many or how long.
func asksAmount(question string) bool {
	q := strings.ToLower(question)
	for _, w := range []string{"얼마나", "몇", "how much", "how many", "how long", "how big", "how large", "what share", "what percentage"} {
		if strings.Contains(q, w) {
			return true
		}
	}
	return asksRate.MatchString(q)
}

// asksRate is a question about a rate or a share: its answer is a number ("crash-free
// rate", "전환율", "재계약률").
var asksRate = regexp.MustCompile(`\b(?:rate|ratio|percent|percentage|share)s?\b|\p{Hangul}[율률]`)

// frameWord reports a question word that frames the question rather than names what it
// asks about: a Korean stem of one syllable (a verb's: "받", "쓰", "할"), a lone
// letter, or a general English verb or adjective.
func frameWord(key string) bool {
	if len([]rune(key)) == 1 {
		return true // a Korean verb's stem, or a lone letter ("<b>" in a pasted question)
	}
	return !hasHangul(key) && englishFrameWords()[key]
}

func frameScale(e *lexEntry) float64 {
	if e.frame {
		return askingWeight
	}
	return 1
}

// ownAlts are the terms of a question word itself: its stem and its form as written,
// and for Korean the compounds that begin or end with it.
func ownAlts(raw, key string) []alt {
	out := []alt{{term: key, factor: 1}}
	if raw != key {
		out = append(out, alt{term: raw, factor: 1})
	}
	if hasHangul(key) && len([]rune(key)) >= 2 {
		out = append(out, alt{term: key, affix: true, factor: affixMatch})
	}
	return out
}

// groupAlts adds the terms of a lexicon group's single words, the marks the indexer
// writes ("@current"), and the kinds of what the group names, if it has any.
func groupAlts(out []alt, group []string) []alt {
	head := ""
	for _, g := range group {
		if !strings.HasPrefix(g, "@") {
			head = g // the group's first word, after its marks
			break
		}
	}
	for _, kind := range narrower()[head] {
		for _, g := range kind {
			if ws := words(g); len(ws) == 1 {
				out = append(out, alt{term: lexiconKey(g), factor: synonymMatch * affixMatch})
			}
		}
	}
	place := slices.Contains(group, "@place")
	for _, g := range group {
		if g == "@kind" || g == "@frame" || g == "@place" {
			continue
		}
		if home, ok := strings.CutPrefix(g, "@in:"); ok {
			// "석사" is best found in a row under 학력, rather than in a sentence of the
			// summary: the section it belongs in adds to the score (never to coverage).
			for _, w := range sectionWords(home) {
				out = append(out, alt{term: w, label: true, factor: synonymMatch})
			}
			continue
		}
		if strings.HasPrefix(g, "@") {
			out = append(out, alt{term: g, factor: 1})
			continue
		}
		ws := words(g)
		if len(ws) == 2 {
			// A phrase is matched as the two words side by side (see lexiconPhrases);
			// its words alone would mean something else.
			out = append(out, alt{term: lexiconKey(g), factor: synonymMatch})
		}
		if len(ws) != 1 {
			continue
		}
		key := lexiconKey(g)
		out = append(out, alt{term: key, factor: synonymMatch})
		if hasHangul(key) && len([]rune(key)) >= 2 && !place {
			out = append(out, alt{term: key, affix: true, factor: synonymMatch * affixMatch})
		}
	}
	return out
}

// QueryTerms are the whole-word terms NewQuery matches a question by.
func QueryTerms(question string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range NewQuery(question).words {
		for _, a := range w.alts {
			if !a.affix && !seen[a.term] {
				seen[a.term] = true
				out = append(out, a.term)
			}
		}
	}
	return out
}

// Language says which language a question is written in: Korean when it has Hangul,
// English when it has Latin letters, fallback otherwise.
func Language(question, fallback string) string {
	latin := false
	for _, r := range question {
		if isHangul(r) {
			return "ko"
		}
		if r < 0x80 && unicode.IsLetter(r) {
			latin = true
		}
	}
	if latin {
		return "en"
	}
	return fallback
}
