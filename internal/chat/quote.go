package chat

import (
	"math"
	"sort"
)

// maxQuotedLines is how many lines of the card the embedded answer quotes at most.
const maxQuotedLines = 3

// Quote is a line picked to answer a question, and the passage it is from.
type Quote struct {
	Text    string
	Passage int
}

// BestLines picks from passages the lines that answer question best, for the embedded
// answer to quote.
func BestLines(question string, passages []string) []string {
	l := NewLexical(passages)
	hits := make([]Hit, len(passages))
	for i := range hits {
		hits[i].Index = i
	}
	var out []string
	for _, q := range l.BestLines(NewQuery(question), hits) {
		out = append(out, q.Text)
	}
	return out
}

// BestLines picks, from the lines of the passages hit, those that answer question best,
// best first. A line that shares no term with the question is never picked; none at all
// means the card does not say. Terms that many lines share (a label, "Go") count less
// than rare ones.
func (l *Lexical) BestLines(query Query, hits []Hit) []Quote {
	type scored struct {
		text    string
		passage int
		score   float64
	}
	var found []scored
	seen := map[string]bool{}
	for _, h := range hits {
		for _, ln := range l.lines[h.Index] {
			if seen[ln.text] {
				continue
			}
			seen[ln.text] = true
			// Each word of the question counts once, by its best term in the line: a word
			// with many synonyms does not outweigh a rare word that matches.
			s := 0.0
			for _, ts := range query.words {
				best := 0.0
				for _, t := range ts {
					if ln.terms[t] {
						best = max(best, math.Log(1+float64(l.nLines)/float64(l.lineDF[t])))
					}
				}
				s += best
			}
			if s > 0 && !offTopic(ln, query) {
				found = append(found, scored{ln.text, h.Index, s})
			}
		}
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].score > found[b].score })
	var out []Quote
	for _, f := range found {
		if len(out) == maxQuotedLines || f.score < found[0].score/2 {
			break
		}
		out = append(out, Quote{Text: f.text, Passage: f.passage})
	}
	return out
}

// offTopic reports a line that shares none of the question's own words, those the
// vocabulary does not know ("Kubernetes" in "have you worked with Kubernetes?"): it may
// match the question's section, but it does not answer it.
//
// A line whose fact (what follows its label) shares a term with the question is on topic
// all the same: "석사 학위" finds the line that says "석사".
func offTopic(ln line, query Query) bool {
	if len(query.own) == 0 {
		return false
	}
	for _, t := range query.own {
		if ln.terms[t] {
			return false
		}
	}
	for _, t := range query.terms {
		if ln.fact[t] {
			return false
		}
	}
	return true
}
