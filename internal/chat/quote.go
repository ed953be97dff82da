package chat

import (
	"math"
	"sort"
)

// maxQuotedLines is how many lines of the card the embedded answer quotes at most.
const maxQuotedLines = 3

// BestLines picks from passages the lines that answer question best, for the embedded
// answer to quote.
func BestLines(question string, passages []string) []string {
	l := NewLexical(passages)
	hits := make([]Hit, len(passages))
	for i := range hits {
		hits[i].Index = i
	}
	return l.BestLines(NewQuery(question), hits)
}

// BestLines picks, from the lines of the passages hit, those that answer question best,
// best first. A line that shares no term with the question is never picked; none at all
// means the card does not say. Terms that many lines share (a label, "Go") count less
// than rare ones.
func (l *Lexical) BestLines(query Query, hits []Hit) []string {
	q := query.terms
	type scored struct {
		text  string
		score float64
	}
	var found []scored
	seen := map[string]bool{}
	for _, h := range hits {
		for _, ln := range l.lines[h.Index] {
			if seen[ln.text] {
				continue
			}
			seen[ln.text] = true
			s := 0.0
			for _, t := range q {
				if ln.terms[t] {
					s += math.Log(1 + float64(l.nLines)/float64(l.lineDF[t]))
				}
			}
			if s > 0 {
				found = append(found, scored{ln.text, s})
			}
		}
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].score > found[b].score })
	var out []string
	for _, f := range found {
		if len(out) == maxQuotedLines || f.score < found[0].score/2 {
			break
		}
		out = append(out, f.text)
	}
	return out
}
