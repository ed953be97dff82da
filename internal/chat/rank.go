package chat

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
)

// BM25's constants: k1 as usual; b, how much a long fact is discounted, lower than the
// usual 0.75. A fact is one bullet, sentence or table row already, and a row is long
// because it carries its headers, not because it says many things. Calibrated on the 23
// documents of the dev half (2026-12-02): 0.3 answers one more question of each of its
// two parts than 0.75; 0.9 five fewer, 0 three fewer.
const (
	bm25K1 = 1.2
	bm25B  = 0.3
)

// Lexical ranks a card's facts for a question with BM25 over the question's words, each
// word counting once by its best match in a fact (itself, a synonym, a compound's
// part): BM25 with a disjunction of each word's terms. It is built once per card's index
// and read by many questions at once; it is never changed after.
//
// A fact is a line of a passage, "section: text"; the section's words are the fact's
// too, so that "자격증이 있나요?" finds every line under 자격증.
type Lexical struct {
	lines []factLine
	// term → the lines whose text has it, each once, in order; label… the same for the
	// lines' section labels (BM25F's two fields: a kind of fact, "자격증", is best found
	// in the heading of its section, less well in a sentence that mentions it).
	whole, affix           map[string][]int32
	labelWhole, labelAffix map[string][]int32
	// passages are each passage's lines, for ranking passages (the model's context).
	passages [][]int32
}

type factLine struct {
	text    string
	passage int     // the first passage the line is in
	tf      float64 // BM25's term-frequency factor for a term found once in it
}

// NewLexical indexes passages, line by line. Overlapping chunks repeat lines: each is
// indexed once.
func NewLexical(passages []string) *Lexical {
	l := &Lexical{whole: map[string][]int32{}, affix: map[string][]int32{}, labelWhole: map[string][]int32{},
		labelAffix: map[string][]int32{}, passages: make([][]int32, len(passages))}
	ids := map[string]int32{}
	type dated struct {
		id   int32
		year int
	}
	earliest := map[string]dated{}
	var lengths []int
	total := 0
	for p, text := range passages {
		for _, t := range strings.Split(text, "\n") {
			if t = strings.TrimSpace(t); t == "" {
				continue
			}
			id, ok := ids[t]
			if !ok {
				id = int32(len(l.lines))
				ids[t] = id
				label, body, ok := strings.Cut(t, ": ")
				if !ok {
					label, body = "", t
				}
				// "Jan 2020 – Present" is a date (marked @current), not the word "present".
				// A "label: value" fact in a section of many kinds ("기타: 병역: 육군 만기전역",
				// "Etc.: Hobbies: …") is of its label's kind too.
				if inner, _, ok := strings.Cut(body, ": "); ok {
					if known, ok := headingLabel(inner); ok {
						label += " " + known
					}
				}
				d, dl := analyze(openPeriod.ReplaceAllStringFunc(body, digitsOnly)), analyze(label)
				l.lines = append(l.lines, factLine{text: t, passage: p})
				n := max(d.length+dl.length, 1)
				lengths = append(lengths, n)
				total += n
				for _, term := range d.whole {
					l.whole[term] = addPosting(l.whole[term], id)
				}
				for _, term := range d.affix {
					l.affix[term] = addPosting(l.affix[term], id)
				}
				for _, term := range dl.whole {
					l.labelWhole[term] = addPosting(l.labelWhole[term], id)
				}
				for _, term := range dl.affix {
					l.labelAffix[term] = addPosting(l.labelAffix[term], id)
				}
				for _, m := range shapeMarks(t) {
					l.whole[m] = addPosting(l.whole[m], id)
				}
				if y := firstYear(t); y > 0 {
					label := labelOf(t)
					if e, ok := earliest[label]; !ok || y < e.year {
						earliest[label] = dated{id, y}
					}
				}
			}
			l.passages[p] = append(l.passages[p], id)
		}
	}
	for _, e := range earliest {
		l.whole[markEarliest] = append(l.whole[markEarliest], e.id)
	}
	avg := 1.0
	if len(lengths) > 0 {
		avg = float64(total) / float64(len(lengths))
	}
	for i, n := range lengths {
		norm := 1 - bm25B + bm25B*float64(n)/avg
		l.lines[i].tf = (bm25K1 + 1) / (1 + bm25K1*norm)
	}
	return l
}

// digitsOnly keeps a match's digits and punctuation: its words go.
func digitsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return -1
		}
		return r
	}, s)
}

func addPosting(p []int32, id int32) []int32 {
	if len(p) > 0 && p[len(p)-1] == id {
		return p
	}
	return append(p, id)
}

// Scored is a fact and how well it answers a question: its BM25 score, and Coverage, the
// share of the question's weight (its words' IDF, a predicate's scaled down) it matches.
type Scored struct {
	Line     int
	Text     string
	Passage  int
	Score    float64
	Coverage float64
}

// Rank scores every fact that matches a word of the question, best first.
//
// A word's IDF is counted over the facts it matches by any of its terms, so that a word
// with many synonyms is as rare as what it finds. A word the card never says weighs the
// most a word can: "Kubernetes" in "have you used Kubernetes?" must be matched for the
// question to be answered.
func (l *Lexical) Rank(q Query) []Scored {
	n := len(l.lines)
	if n == 0 || len(q.words) == 0 {
		return nil
	}
	score := make([]float64, n)
	covered := make([]float64, n)
	match := make([]float64, n)   // each fact's best match of the word in its text…
	inLabel := make([]float64, n) // …and in its section's heading
	touched := make([]int32, 0, 64)
	var all []int32
	total := 0.0
	for _, w := range q.words {
		touched = touched[:0]
		// A word of the lexicon names a kind of fact: in a section's heading it counts
		// whole, in a fact's text (a "graduate planner" for "graduate") less.
		inText := 1.0
		if w.kind {
			inText = textMatch
		}
		home := false
		for _, a := range w.alts {
			if a.label && !w.kind {
				home = true
				continue
			}
			text, label := l.whole[a.term], l.labelWhole[a.term]
			if a.label {
				// A kind of fact is found in the section it is under: "what's your
				// degree in?" finds the lines under 학력 · Education.
				text = nil
			}
			if a.affix {
				text, label = l.affix[a.term], l.labelAffix[a.term]
			}
			for _, id := range text {
				if match[id] == 0 && inLabel[id] == 0 {
					touched = append(touched, id)
				}
				match[id] = max(match[id], a.factor*inText)
			}
			for _, id := range label {
				if match[id] == 0 && inLabel[id] == 0 {
					touched = append(touched, id)
				}
				inLabel[id] = max(inLabel[id], a.factor)
			}
		}
		df := float64(len(touched))
		idf := math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		// Coverage weighs a kind of fact less than the thing a question names; the
		// ranking weighs them alike (the kind often decides which fact is meant).
		cw := w.weight
		switch {
		case w.scoreOnly:
			cw = 0
		case w.kind:
			cw *= kindWeight
		case w.known && df == 0 && cw == 1:
			// A thing the lexicon knows, in both languages and by all its names, that the
			// card never says: the card does not say what is asked ("Do you speak
			// Japanese?" beside a Languages section; "안드로이드 개발도 해요?").
			cw *= absentWeight
		}
		total += idf * cw
		// The section the thing is under: for the facts that match it, the heading
		// adds to the score.
		if home {
			for _, a := range w.alts {
				if !a.label {
					continue
				}
				for _, id := range l.labelWhole[a.term] {
					if match[id] > 0 || inLabel[id] > 0 {
						inLabel[id] = max(inLabel[id], a.factor)
					}
				}
			}
		}
		// BM25F: the two fields add up in the score (a fact that says "거주" under
		// 인적사항 is the better answer to "where do you live?"); coverage counts the
		// word once, by its better field.
		for _, id := range touched {
			if score[id] == 0 {
				all = append(all, id)
			}
			score[id] += idf * w.weight * (max(match[id], inLabel[id]) + min(match[id], inLabel[id])/2) * l.lines[id].tf
			covered[id] += idf * cw * max(match[id], inLabel[id])
			match[id], inLabel[id] = 0, 0
		}
	}
	out := make([]Scored, 0, len(all))
	for _, id := range all {
		ln := l.lines[id]
		cov := 0.0
		if total > 0 {
			cov = covered[id] / total
		}
		out = append(out, Scored{Line: int(id), Text: ln.text, Passage: ln.passage, Score: score[id], Coverage: cov})
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Line < out[b].Line // the document's order
	})
	return out
}

// Hit is a passage and its score for a question.
type Hit struct {
	Index int
	Score float64
}

// Search returns up to k passages that hold facts matching the question, best first: a
// passage scores the sum of its facts' scores.
func (l *Lexical) Search(q Query, k int) []Hit {
	ranked := l.Rank(q)
	if len(ranked) == 0 {
		return nil
	}
	byLine := make(map[int]float64, len(ranked))
	for _, s := range ranked {
		byLine[s.Line] = s.Score
	}
	var hits []Hit
	for p, ids := range l.passages {
		sum := 0.0
		for _, id := range ids {
			sum += byLine[int(id)]
		}
		if sum > 0 {
			hits = append(hits, Hit{Index: p, Score: sum})
		}
	}
	return top(hits, k)
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

// Explain writes how a question was read and its best facts ranked, for tuning
// (the corpus harness logs it beside a miss).
func (l *Lexical) Explain(q Query, n int) string {
	var b strings.Builder
	for _, w := range q.words {
		fmt.Fprintf(&b, "  word %q weight %.2f, %d terms\n", w.text, w.weight, len(w.alts))
	}
	for i, s := range l.Rank(q) {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "  %.2f covers %.2f: %s\n", s.Score, s.Coverage, s.Text)
	}
	return b.String()
}
