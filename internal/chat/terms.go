// Package chat is the "ask me" chatbot's machinery, with no database and no HTTP: it turns
// a card and its résumé into passages, ranks them for a question (lexically, or by
// embedding when one is configured), and either quotes the best lines or asks a language
// model through langchaingo.
package chat

import (
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Terms breaks text into the terms the ranker counts. Korean words are glued to their
// particles ("기술을", "기술스택"), so Hangul is counted as overlapping character bigrams:
// "기술" then matches inside both. Other words count whole, lower-cased, with a plural
// "s" dropped.
func Terms(text string) []string {
	var out []string
	for _, w := range words(text) {
		out = appendTerms(out, w)
	}
	return out
}

// words splits text into runs of letters and digits, lower-cased.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func isHangul(r rune) bool { return unicode.Is(unicode.Hangul, r) }

func appendTerms(out []string, w string) []string {
	if !strings.ContainsFunc(w, isHangul) {
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		if isStopWord(w) {
			return out
		}
		return append(out, w)
	}
	// Hangul (and whatever is glued to it): bigrams of the runes, or the rune alone.
	rs := []rune(w)
	if len(rs) == 1 {
		return append(out, w)
	}
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// isStopWord reports English words that say nothing about what is asked.
func isStopWord(w string) bool {
	switch w {
	case "a", "an", "the", "is", "are", "was", "what", "whats", "which", "how", "do", "does", "did", "you", "your",
		"i", "me", "my", "of", "to", "in", "on", "for", "and", "or", "can", "could", "tell", "about", "have", "has",
		"s", "it", "please", "with", "at", "be", "any", "there", "this", "where", "when", "who", "why", "know",
		"ever", "been", "get", "got", "were", "from", "that", "yours", "doe", "would", "like", "much", "many", "kind", "sort",
		"some", "list", "describe", "share", "give", "so", "far", "yet", "use", "used", "using":
		return true
	}
	return false
}

// Query is a question's terms, plus those of every synonym group a question word belongs
// to, worked out once per question.
type Query struct {
	Text  string
	terms []string
	// own are the terms of the question's words that the vocabulary does not know: what
	// is asked about, beyond the kind of fact.
	own []string
	// words are each question word's terms with its synonyms'; a word counts once.
	words [][]string
}

// NewQuery reads a question. Each word, and each pair of words ("free time"), is looked
// up in the vocabulary: a Korean word without its particles and endings ("상을" is "상",
// "일하세요" is "일하"), or by its first syllables ("기술스택을" starts with "기술"); an
// English one may be plural. Korean question words and endings are not terms: they would
// match any sentence.
func NewQuery(question string) Query {
	var terms, own []string
	var perWord [][]string
	ws := words(question)
	for i, w := range ws {
		var mine []string
		if strings.ContainsFunc(w, isHangul) {
			stem := koreanStem(w)
			if isKoreanStopWord(stem) || isKoreanEnding(w) {
				continue
			}
			mine = appendTerms(nil, stem)
		} else {
			mine = appendTerms(nil, w)
		}
		terms = append(terms, mine...)
		group := lookup(w)
		if group == nil && i+1 < len(ws) {
			group = synonymGroup(w + " " + ws[i+1])
		}
		if group == nil && (len([]rune(w)) == 1 && !isHangul([]rune(w)[0]) || strings.Trim(w, "0123456789") == "") {
			continue // a lone letter or a number says too little to require it
		}
		if group == nil {
			// An unknown word's bigrams are one word each: "결제" and "시스템" are two.
			own = append(own, mine...)
			for _, t := range mine {
				perWord = append(perWord, []string{t})
			}
			continue
		}
		all := append([]string(nil), mine...)
		for _, g := range group {
			// A phrase ("personal details") is for finding the group from a question; its
			// words alone ("personal") would match what it does not mean.
			if !strings.Contains(g, " ") {
				all = append(all, Terms(g)...)
			}
		}
		terms = append(terms, all...)
		perWord = append(perWord, dedupe(all))
	}
	return Query{Text: question, terms: dedupe(terms), own: dedupe(own), words: perWord}
}

// lookup finds the vocabulary of one question word.
func lookup(w string) []string {
	if g := synonymGroup(w); g != nil {
		return g
	}
	if !strings.ContainsFunc(w, isHangul) {
		if strings.HasSuffix(w, "s") {
			return synonymGroup(strings.TrimSuffix(w, "s"))
		}
		if strings.HasSuffix(w, "ed") {
			return synonymGroup(strings.TrimSuffix(w, "ed"))
		}
		return nil
	}
	stem := koreanStem(w)
	if g := synonymGroup(stem); g != nil {
		return g
	}
	rs := []rune(stem)
	for n := len(rs) - 1; n >= 2; n-- {
		if g := synonymGroup(string(rs[:n])); g != nil {
			return g
		}
	}
	return nil
}

// koreanEndings are particles and verb endings, longest first; a question word loses the
// first one it ends with, if something is left. Built once, read only.
var koreanEndings = sync.OnceValue(func() []string {
	return []string{
		"하셨습니까", "하셨나요", "하셨어요", "하셨는지", "했습니까", "하시나요", "하세요", "했나요", "했어요", "했는지", "했던", "하신", "하는",
		"있습니까", "있으세요", "있나요", "있어요", "있는지", "없나요", "없어요", "인가요", "이에요", "이세요", "셨나요", "셨어요",
		"습니까", "입니까", "입니다", "니까", "나요", "어요", "아요", "예요", "세요", "에서는", "에서도", "에서", "으로는", "으로",
		"에게", "한테", "까지", "부터", "이랑", "에는", "로는", "랑", "과", "와", "은", "는", "이", "가", "을", "를", "에", "의", "도", "만", "로", "요",
	}
})

// isKoreanEnding reports a word that is an ending alone ("있으세요", "하셨나요"): it asks,
// it does not say what.
func isKoreanEnding(w string) bool {
	for _, e := range koreanEndings() {
		if w == e {
			return true
		}
	}
	for _, verb := range []string{"하", "했", "하셨", "하시", "있", "없", "아", "알", "되", "됐", "해"} {
		if rest, ok := strings.CutPrefix(w, verb); ok && (rest == "" || slices.Contains(koreanEndings(), rest)) {
			return true
		}
	}
	return false
}

// koreanStem is a Korean word without its particle or ending.
func koreanStem(w string) string {
	for _, e := range koreanEndings() {
		if strings.HasSuffix(w, e) && len([]rune(w)) > len([]rune(e)) {
			return strings.TrimSuffix(w, e)
		}
	}
	return w
}

// isKoreanStopWord reports the question words that say nothing of what is asked.
func isKoreanStopWord(w string) bool {
	for _, q := range []string{"어디", "뭐", "무엇", "언제", "어떤", "어느", "누구", "몇"} {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	switch w {
	case "뭐", "뭔", "뭘", "무엇", "무슨", "어떤", "어떻게", "어디", "어디서", "어느", "언제", "왜", "누구", "몇", "혹시", "좀", "그", "저", "제",
		"당신", "님", "있", "없", "하", "되", "알려", "알려주", "말해", "궁금", "적", "것", "거", "수", "할", "줄", "하신", "해본", "잘", "나왔", "받", "쓰", "쓰시",
		"혹", "다", "많이", "주로", "가장", "요즘은":
		return true
	}
	return false
}

// QueryTerms are the terms NewQuery finds in a question.
func QueryTerms(question string) []string { return NewQuery(question).terms }

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
