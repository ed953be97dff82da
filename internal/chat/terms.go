// Package chat is the "ask me" chatbot's machinery, with no database and no HTTP: it turns
// a card and its résumé into passages, ranks them for a question (lexically, or by
// embedding when one is configured), and either quotes the best lines or asks a language
// model through langchaingo.
package chat

import (
	"strings"
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
		"s", "it", "please", "with", "at", "be", "any", "there", "this":
		return true
	}
	return false
}

// synonymGroup returns the group of words that mean the same to a visitor (in either
// language) that w belongs to, or nil. These are small hints that let a question find a
// line written with another word or in the other language; each group is written once.
func synonymGroup(w string) []string {
	switch w {
	case "email", "e-mail", "mail", "메일", "이메일", "전자우편":
		return []string{"email", "mail", "메일", "이메일", "전자우편"}
	case "phone", "telephone", "tel", "call", "mobile", "전화", "연락처", "휴대폰", "번호":
		return []string{"phone", "telephone", "tel", "call", "mobile", "전화", "연락처", "휴대폰", "번호"}
	case "skill", "stack", "tech", "technology", "기술", "스킬", "기술스택":
		return []string{"skill", "stack", "tech", "technology", "기술", "스킬", "기술스택"}
	case "education", "school", "university", "college", "degree", "학력", "학교", "대학", "전공":
		return []string{"education", "school", "university", "college", "degree", "학력", "학교", "대학", "전공"}
	case "career", "work", "job", "experience", "company", "employment", "경력", "경험", "직장", "회사":
		return []string{"career", "work", "job", "experience", "company", "employment", "경력", "경험", "직장", "회사"}
	case "license", "licence", "certificate", "certification", "자격증", "자격":
		return []string{"license", "licence", "certificate", "certification", "자격증", "자격"}
	case "award", "prize", "수상", "상장":
		return []string{"award", "prize", "수상", "상장"}
	case "project", "portfolio", "프로젝트":
		return []string{"project", "portfolio", "프로젝트"}
	case "name", "who", "이름", "누구":
		return []string{"name", "who", "이름", "누구"}
	case "website", "site", "homepage", "blog", "웹사이트", "홈페이지", "사이트", "블로그":
		return []string{"website", "site", "homepage", "blog", "웹사이트", "홈페이지", "사이트", "블로그"}
	case "introduce", "yourself", "summary", "소개", "자기소개":
		return []string{"introduce", "yourself", "summary", "소개", "자기소개"}
	}
	return nil
}

// Query is a question's terms, plus those of every synonym group a question word belongs
// to, worked out once per question.
type Query struct {
	Text  string
	terms []string
}

// NewQuery reads a question. A Korean word matches a group when it starts with one of
// the group's words ("기술을" is in the skills group); an English one may be plural.
func NewQuery(question string) Query {
	terms := Terms(question)
	for _, w := range words(question) {
		group := synonymGroup(w)
		if group == nil && strings.HasSuffix(w, "s") {
			group = synonymGroup(strings.TrimSuffix(w, "s"))
		}
		if group == nil && strings.ContainsFunc(w, isHangul) {
			rs := []rune(w)
			for n := len(rs) - 1; n >= 2 && group == nil; n-- {
				group = synonymGroup(string(rs[:n]))
			}
		}
		for _, g := range group {
			terms = append(terms, Terms(g)...)
		}
	}
	return Query{Text: question, terms: dedupe(terms)}
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
