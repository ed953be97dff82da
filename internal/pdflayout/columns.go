package pdflayout

import (
	"math"
	"sort"
)

// item is a thing in a page's reading order: a segment of a line or a whole table.
type item struct {
	seg            *segment
	table          *table
	x0, y0, x1, y1 float64
	base           float64
	size           float64
	column         int // which flow of the page it was read in: 0 the first, 1 the next …
}

// maxItems bounds the work of ordering one page (a hostile page of a million glyphs is
// read in the content stream's order, line by line, without looking for columns).
const maxItems = 3000

// order returns the page's items in reading order: columns found by the gutters between
// them, each read from top to bottom, one after the other; what spans a gutter (a name
// and contact band across the top, a footer) before or after them.
func order(items []item) []item {
	var out []item
	orderInto(&out, items, 0, 0)
	return out
}

func orderInto(out *[]item, items []item, depth, column int) {
	if len(items) == 0 {
		return
	}
	if depth < 3 && len(items) <= maxItems {
		if above, left, right, below, ok := splitColumns(items); ok {
			orderInto(out, above, depth+1, column)
			orderInto(out, left, depth+1, column)
			orderInto(out, right, depth+1, column+1)
			orderInto(out, below, depth+1, column)
			return
		}
	}
	sorted := append([]item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if math.Abs(a.base-b.base) > sameLine*math.Max(a.size, b.size) {
			return a.base < b.base
		}
		return a.x0 < b.x0
	})
	for _, it := range sorted {
		it.column = column
		*out = append(*out, it)
	}
}

// splitColumns looks for a gutter: an x that no item crosses where items stand on both
// sides of it over the same stretch of the page. A column of dates or labels beside
// their entries is not a gutter: its lines all sit on the baselines of the other side,
// and it is narrow.
func splitColumns(items []item) (above, left, right, below []item, ok bool) {
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, it := range items {
		minX, maxX = math.Min(minX, it.x0), math.Max(maxX, it.x1)
	}
	width := maxX - minX
	if width <= 0 {
		return nil, nil, nil, nil, false
	}
	// Candidates: the right edges of items, at most 300 of them, spread over the width.
	cands := make([]float64, 0, len(items))
	for _, it := range items {
		cands = append(cands, it.x1)
	}
	sort.Float64s(cands)
	if len(cands) > 300 {
		step := float64(len(cands)) / 300
		thinned := make([]float64, 0, 300)
		for i := 0.0; int(i) < len(cands); i += step {
			thinned = append(thinned, cands[int(i)])
		}
		cands = thinned
	}
	best, bestScore := 0.0, 0.0
	for _, gx := range cands {
		score, valid := gutterScore(items, gx, minX, maxX)
		if valid && score > bestScore {
			best, bestScore = gx, score
		}
	}
	if bestScore == 0 {
		return nil, nil, nil, nil, false
	}
	top, _ := overlap(items, best)
	for _, it := range items {
		switch {
		case it.x1 <= best+0.01:
			left = append(left, it)
		case it.x0 >= best+gutterMin(it.size)*0.5:
			right = append(right, it)
		case it.y1 <= top+it.size:
			above = append(above, it)
		default:
			below = append(below, it)
		}
	}
	return above, left, right, below, len(left) > 0 && len(right) > 0
}

func gutterMin(size float64) float64 { return 1.2 * size }

// gutterScore rates x = gx as a gutter: zero when it is none, else the height of the
// stretch the two columns share.
func gutterScore(items []item, gx, minX, maxX float64) (float64, bool) {
	var l, r []item
	rightEdge := math.Inf(1)
	for _, it := range items {
		switch {
		case it.x1 <= gx+0.01:
			l = append(l, it)
		case it.x0 > gx:
			r = append(r, it)
			rightEdge = math.Min(rightEdge, it.x0)
		}
	}
	if len(l) < 3 || len(r) < 3 {
		return 0, false
	}
	size := medianSize(items)
	if rightEdge-gx < gutterMin(size) {
		return 0, false
	}
	top, bottom := overlap(items, gx)
	if bottom-top < 4*size {
		return 0, false
	}
	// Nothing may cross the gutter between the columns' common top and bottom.
	for _, it := range items {
		if it.x1 > gx+0.01 && it.x0 <= gx && it.y1 > top+0.5*it.size && it.y0 < bottom-0.5*it.size {
			return 0, false
		}
	}
	lw, rw := spread(l), spread(r)
	width := maxX - minX
	narrow := lw < 0.25*width || rw < 0.25*width
	if narrow {
		// A narrow side is a column of its own only if its lines keep their own baselines.
		lp, rp := paired(l, r, top, bottom), paired(r, l, top, bottom)
		if lp > 0.6 || rp > 0.6 {
			return 0, false
		}
	}
	return bottom - top, true
}

// overlap is the vertical stretch where items stand on both sides of gx.
func overlap(items []item, gx float64) (float64, float64) {
	lt, lb, rt, rb := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, it := range items {
		switch {
		case it.x1 <= gx+0.01:
			lt, lb = math.Min(lt, it.y0), math.Max(lb, it.y1)
		case it.x0 > gx:
			rt, rb = math.Min(rt, it.y0), math.Max(rb, it.y1)
		}
	}
	return math.Max(lt, rt), math.Min(lb, rb)
}

func spread(items []item) float64 {
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, it := range items {
		x0, x1 = math.Min(x0, it.x0), math.Max(x1, it.x1)
	}
	return x1 - x0
}

// paired is the share of a's items between top and bottom that sit on a baseline of b.
func paired(a, b []item, top, bottom float64) float64 {
	bases := make([]float64, 0, len(b))
	for _, it := range b {
		bases = append(bases, it.base)
	}
	sort.Float64s(bases)
	n, hit := 0, 0
	for _, it := range a {
		if it.y1 < top || it.y0 > bottom {
			continue
		}
		n++
		i := sort.SearchFloat64s(bases, it.base-1)
		if i < len(bases) && bases[i] <= it.base+1 {
			hit++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hit) / float64(n)
}

func medianSize(items []item) float64 {
	s := make([]float64, 0, len(items))
	for _, it := range items {
		s = append(s, it.size)
	}
	sort.Float64s(s)
	if len(s) == 0 {
		return 10
	}
	return s[len(s)/2]
}
