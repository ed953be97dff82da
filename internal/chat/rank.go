package chat

import (
	"math"
	"sort"
	"strings"
)

// BM25's usual constants.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// Lexical ranks passages for a question with BM25 over Terms. It is built once per
// card's index and read by many questions at once; it is never changed after.
type Lexical struct {
	docs   []map[string]int
	lens   []int
	avgLen float64
	idf    map[string]float64
	// lines are each passage's lines with their terms, for quoting; lineDF counts the
	// lines a term is in, across all passages.
	lines  [][]line
	lineDF map[string]int
	nLines int
}

type line struct {
	text  string
	terms map[string]bool
	// fact are the terms of what follows the line's label ("경력 · Experience: …").
	fact map[string]bool
}

// NewLexical indexes passages.
func NewLexical(passages []string) *Lexical {
	l := &Lexical{docs: make([]map[string]int, len(passages)), lens: make([]int, len(passages)), idf: map[string]float64{},
		lines: make([][]line, len(passages)), lineDF: map[string]int{}}
	df := map[string]int{}
	total := 0
	seenLine := map[string]bool{}
	for i, p := range passages {
		tf := map[string]int{}
		terms := Terms(p)
		for _, t := range terms {
			tf[t]++
		}
		l.docs[i], l.lens[i] = tf, len(terms)
		for _, text := range strings.Split(p, "\n") {
			if text = strings.TrimSpace(text); text == "" {
				continue
			}
			ln := line{text: text, terms: map[string]bool{}, fact: map[string]bool{}}
			for _, t := range Terms(text) {
				ln.terms[t] = true
			}
			_, fact, ok := strings.Cut(text, ": ")
			if !ok {
				fact = text
			}
			for _, t := range Terms(fact) {
				ln.fact[t] = true
			}
			l.lines[i] = append(l.lines[i], ln)
			// Overlapping chunks repeat lines; count each line once.
			if !seenLine[text] {
				seenLine[text] = true
				l.nLines++
				for t := range ln.terms {
					l.lineDF[t]++
				}
			}
		}
		total += l.lens[i]
		for t := range tf {
			df[t]++
		}
	}
	if len(passages) > 0 {
		l.avgLen = float64(total) / float64(len(passages))
	}
	n := float64(len(passages))
	for t, d := range df {
		l.idf[t] = math.Log(1 + (n-float64(d)+0.5)/(float64(d)+0.5))
	}
	return l
}

// Hit is a passage and its score for a question.
type Hit struct {
	Index int
	Score float64
}

// Search returns up to k passages that share a term with the question, best first.
func (l *Lexical) Search(query Query, k int) []Hit {
	var hits []Hit
	for i, tf := range l.docs {
		score := 0.0
		norm := 1 - bm25B + bm25B*float64(l.lens[i])/max(l.avgLen, 1)
		// Each question word counts once, by its best-scoring term (itself or a synonym).
		for _, ts := range query.words {
			best := 0.0
			for _, t := range ts {
				if f := float64(tf[t]); f > 0 {
					best = max(best, l.idf[t]*f*(bm25K1+1)/(f+bm25K1*norm))
				}
			}
			score += best
		}
		if score > 0 {
			hits = append(hits, Hit{Index: i, Score: score})
		}
	}
	return top(hits, k)
}

func dedupe(ts []string) []string {
	seen := make(map[string]bool, len(ts))
	out := ts[:0:0]
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func top(hits []Hit, k int) []Hit {
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].Score > hits[b].Score })
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

// Vectors ranks passages by the cosine similarity of their embeddings to the question's.
type Vectors struct {
	vecs [][]float32
}

// NewVectors indexes embeddings, one per passage (nil for a passage without one).
func NewVectors(vecs [][]float32) *Vectors { return &Vectors{vecs: vecs} }

// Search returns the k passages nearest to the question's embedding q.
func (v *Vectors) Search(q []float32, k int) []Hit {
	var hits []Hit
	for i, vec := range v.vecs {
		if s, ok := cosine(q, vec); ok {
			hits = append(hits, Hit{Index: i, Score: s})
		}
	}
	return top(hits, k)
}

func cosine(a, b []float32) (float64, bool) {
	if len(a) == 0 || len(a) != len(b) {
		return 0, false
	}
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0, false
	}
	return dot / (math.Sqrt(na) * math.Sqrt(nb)), true
}
