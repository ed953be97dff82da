package chat

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"golang.org/x/text/unicode/norm"
)

// A word as the ranker sees it: English words by their Snowball stem, Korean words
// (eojeol) by their stem with particles and endings stripped, numbers as written.
//
// Korean is not matched by character n-grams: "전면" is inside "운전면허", and a bigram
// index finds it there. A Korean word is matched whole, or as the beginning or the end
// of a compound ("기술" in "기술스택", "자격증" in "국가자격증"), never in the middle.

// words splits text into runs of letters and digits, lower-cased and NFKC-normalised
// (full-width letters, the "ﬁ" ligatures LaTeX writes), with Hangul kept apart from
// other scripts and from digits: "2020년" is "2020" and "년", "AWS자격증" is "aws" and
// "자격증".
func words(text string) []string {
	text = strings.ToLower(norm.NFKC.String(text))
	var out []string
	start, prev := -1, 0 // prev: 1 Hangul, 2 other letter or digit
	for i, r := range text {
		class := 0
		switch {
		case isHangul(r):
			class = 1
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			class = 2
		}
		if class != prev && start >= 0 {
			out = append(out, text[start:i])
			start = -1
		}
		if class != 0 && start < 0 {
			start = i
		}
		prev = class
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

func isHangul(r rune) bool { return unicode.Is(unicode.Hangul, r) }

func hasHangul(w string) bool { return strings.ContainsFunc(w, isHangul) }

// stemEnglish is a word's Snowball (Porter 2) stem: "certifications" and "certified"
// are both "certifi".
func stemEnglish(w string) string {
	if len(w) < 3 || strings.ContainsFunc(w, unicode.IsDigit) {
		return w
	}
	env := snowballstem.NewEnv(w)
	english.Stem(env)
	return env.Current()
}

// englishStopWords say nothing about what is asked: function words, and the frame of
// a question ("can you tell me about…").
var englishStopWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the is are was were be been being am do does did done doing
		what whats which how who whom whose why where when whether
		you your yours yourself i me my mine we our us it its this that these those there here they them their
		of to in on at for and or but nor by with from as into onto about over under than then so too very
		can could would should will shall may might must have has had having get got
		tell say said know please any some ever yet far also just really much many kind sort
		list describe share give name s t d ll re ve m don doesn didn isn aren wasn weren haven hasn`) {
		m[w] = true
	}
	return m
})

// englishFrameWords are general verbs and adjectives of questions (by stem): they
// weigh little, present or not.
var englishFrameWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`use give given gave make made take taken go come see want need like enjoy spend keep find help
		good well big small much often usual usually ever anything something someone anyone mostly
		rate describ happen involv done current long time money build built write wrote written serve served finish finished complete completed`) {
		m[stemEnglish(w)] = true
	}
	return m
})

// koreanStopWords are the words of a Korean question that only ask ("어디", "뭐",
// "혹시"), and the bound nouns that go with them ("것", "수", "적").
var koreanStopWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`뭐 뭔 뭘 뭐가 뭐예 뭐야 무엇 무슨 어떤 어떻게 어떠 어디 어디서 어딘 어느 언제 왜 누구 누가 몇 얼마
		혹시 좀 그 저 제 저희 당신 님 것 거 게 건 수 적 줄 때 분 등 및 또는 그리고 정말 많이 주로 가장 다 잘 또 더 이 그런 어떠한
		알려 알려주 말해 말씀 궁금 있 없 하 되 돼 됐 될 해 했 알 아`) {
		m[w] = true
	}
	return m
})

// koreanEndings are particles and verb endings, longest first. A word loses the first
// one it ends with, if a syllable is left. verbal says the ending is a predicate's: the
// word is a verb or an adjective ("지내요", "가능하세요").
type koreanEnding struct {
	s      string
	verbal bool
}

var koreanEndings = sync.OnceValue(func() map[rune][]koreanEnding {
	verbal := strings.Fields(`하셨습니까 하셨었나요 하셨나요 하셨어요 하셨는지 하셨던 하셨고 했었나요 했습니까 했었어요
		했나요 했어요 했는지 했던 했고 했다 했습니다 합니다 됩니다 되었습니다 됐습니다 하였습니다 였습니다 었습니다 았습니다 습니다 하시나요 하시는지 하시는 하시고 하세요 하나요 하는지 하면서 하면 하는 하신 하고 한다 합니다 해요 해서 해본
		있으신가요 있으세요 있으신 있습니까 있었나요 있었어요 있나요 있어요 있는지 있는 있고 있다 없나요 없어요 없는지
		이었나요 이었어요 였나요 였어요 였던 인가요 인지 이에요 이세요 이신가요 입니까 입니다 예요 에요 이야 이죠 죠
		으셨나요 으셨어요 셨나요 셨어요 셨는지 셨던 으세요 으신 세요 시나요 시는 신 나요 니까 습니까 았나요 었나요 았어요 었어요 았던 었던
		어요 아요 여요 어서 아서 으면서 면서 으면 는지 은지 던 요`)
	particles := strings.Fields(`에서는 에서도 에서의 에서 으로는 으로도 으로 로는 로도 에게는 에게 한테 까지 부터 이랑 이나 이란 란
		에는 에도 엔 랑 과는 와는 과 와 은 는 이 가 을 를 에 의 도 만 로 나`)
	var out []koreanEnding
	for _, e := range verbal {
		out = append(out, koreanEnding{e, true})
	}
	for _, e := range particles {
		out = append(out, koreanEnding{e, false})
	}
	// Longest first, so that "에서는" goes before "는"; by last syllable, so that a word
	// is checked against the endings it can have.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len([]rune(out[j].s)) > len([]rune(out[j-1].s)); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	byLast := map[rune][]koreanEnding{}
	for _, e := range out {
		last, _ := utf8.DecodeLastRuneInString(e.s)
		byLast[last] = append(byLast[last], e)
	}
	return byLast
})

// koreanStem is a Korean word without its particle or ending, and whether that ending
// was a predicate's. A word that is an ending or a particle alone ("있으세요", "은"
// split from "</b>은") comes back "".
func koreanStem(w string) (stem string, verbal bool) {
	if knownKorean()[w] {
		return w, false // "대만", "런던", "수요": a noun whose last syllable is also a particle
	}
	n := len([]rune(w))
	last, _ := utf8.DecodeLastRuneInString(w)
	for _, e := range koreanEndings()[last] {
		if !strings.HasSuffix(w, e.s) {
			continue
		}
		if m := len([]rune(e.s)); m < n {
			return strings.TrimSuffix(w, e.s), e.verbal
		} else if m == n {
			return "", e.verbal
		}
	}
	return w, false
}

// askingOnly reports a Korean question word that only asks, with nothing of what is
// asked about: "있으세요", "하셨나요", "알려주세요", "어디서".
func askingOnly(w, stem string) bool {
	if stem == "" || koreanStopWords()[stem] || koreanStopWords()[w] {
		return true
	}
	for _, q := range []string{"어디", "무엇", "언제", "어떤", "어느", "누구", "얼마", "어떻", "어때"} {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// affixes are the proper beginnings and ends of a Korean stem, two syllables or more:
// the parts of a compound a question may name. "기술스택" gives 기술, 기술스, 스택, 술스택.
func affixes(stem string) []string {
	rs := []rune(stem)
	var out []string
	for n := 2; n < len(rs); n++ {
		out = append(out, string(rs[:n]), string(rs[len(rs)-n:]))
	}
	return out
}

// docTerm is one indexed form of a word of a fact.
type docTerms struct {
	whole  []string // the word, and its stem
	affix  []string // Korean compounds' parts
	length int      // the words counted for length normalisation
}

// analyze reads a fact's text into its terms.
func analyze(text string) docTerms {
	var d docTerms
	prev := ""      // the previous word's key, for the lexicon's two-word phrases
	number := false // the previous word was a number
	for _, w := range words(text) {
		wasNumber := number
		number = w != "" && strings.Trim(w, "0123456789") == ""
		if !hasHangul(w) {
			if englishStopWords()[w] {
				prev = ""
				continue
			}
			key := stemEnglish(w)
			if wasNumber && units[w] {
				// A unit after a number ("19 ms", "4 GB", "5 kg") is not the word it spells:
				// "ms" there is not a master's degree.
				key = "#" + w
			}
			d.whole = append(d.whole, key)
			d.length++
			if prev != "" && lexiconPhrases()[prev+" "+key] {
				d.whole = append(d.whole, prev+" "+key) // "defect rate" is 불량률
			}
			prev = key
			continue
		}
		stem, _ := koreanStem(w)
		if stem == "" {
			prev = ""
			continue // a particle alone, split from a Latin word ("KAIST에서")
		}
		if prev != "" && lexiconPhrases()[prev+" "+stem] {
			d.whole = append(d.whole, prev+" "+stem) // "야간 근무"
		}
		prev = stem
		d.length++
		d.whole = append(d.whole, stem)
		if stem != w {
			d.whole = append(d.whole, w)
		}
		d.affix = append(d.affix, affixes(stem)...)
		if place := placeName(stem); place != "" {
			d.whole = append(d.whole, place) // "서울특별시" says 서울
		}
	}
	return d
}

// Terms breaks text into the whole-word terms the ranker counts (the fake embedder of
// the tests hashes them too).
func Terms(text string) []string { return analyze(text).whole }

// knownKorean are the lexicon's Korean words as written: a word the lexicon knows is a
// word, not a shorter one with a particle ("대만" is Taiwan, not 대 with 만 "only";
// "회의" is a meeting, not 회 with 의), in the question as in the fact.
var knownKorean = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	add := func(phrase string) {
		for _, w := range strings.Fields(phrase) {
			if hasHangul(w) && !strings.ContainsFunc(w, func(r rune) bool { return !isHangul(r) }) && len([]rune(w)) >= 2 {
				m[w] = true
			}
		}
	}
	groups := append(vocabulary(), commonVocabulary()...)
	for _, kinds := range narrower() {
		groups = append(groups, kinds...)
	}
	for _, g := range groups {
		for _, w := range g {
			add(w)
		}
	}
	for _, s := range sectionNames() {
		for _, names := range s {
			for _, n := range names {
				add(n)
			}
		}
	}
	return m
})

// lexiconPhrases are the lexicon's two-word phrases by their keys ("defect rate", "야간
// 근무"): a fact that says one is indexed by it too, so that a word of the other language
// finds it ("불량률" finds "the defect rate fell…").
var lexiconPhrases = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	groups := append(vocabulary(), commonVocabulary()...)
	for _, g := range groups {
		for _, w := range g {
			if strings.HasPrefix(w, "@") || len(words(w)) != 2 {
				continue
			}
			m[lexiconKey(w)] = true
		}
	}
	return m
})

// units are the units a number is written with whose letters spell a word of the lexicon
// or a question ("19 ms" is not a master's degree, "4 GB" not Great Britain).
var units = map[string]bool{"ms": true, "ns": true, "kg": true, "mg": true, "km": true, "cm": true, "mm": true,
	"gb": true, "mb": true, "tb": true, "kb": true, "hz": true, "khz": true, "mhz": true, "ghz": true, "kw": true,
	"mw": true, "gw": true, "kwh": true, "mwh": true, "ml": true, "fps": true, "rps": true, "qps": true, "rpm": true, "ppm": true, "db": true}
