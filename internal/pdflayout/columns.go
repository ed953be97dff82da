package pdflayout

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// item is a thing in a page's reading order: a segment of a line or a whole table.
type item struct {
	seg            *segment
	table          *table
	x0, y0, x1, y1 float64
	base           float64
	size           float64
	column         int // which column it was read in: 0 the first (and what spans), 1 the next …
	flow           int // which run of text, one of the page's columns or bands, in order
}

// maxItems bounds the work of ordering one page (a hostile page of a million glyphs is
// read in the content stream's order, line by line, without looking for columns).
const maxItems = 3000

// order returns the page's items in reading order: columns found by the gutters between
// them, each read from top to bottom, one after the other; what spans a gutter (a name
// and contact band across the top, a footer) before or after them.
func order(items []item) []item {
	var out []item
	flows := 0
	orderInto(&out, items, 0, 0, &flows)
	return out
}

func orderInto(out *[]item, items []item, depth, column int, flows *int) {
	if len(items) == 0 {
		return
	}
	if depth < 3 && len(items) <= maxItems {
		if above, left, right, below, ok := splitColumns(items); ok {
			orderInto(out, above, depth+1, column, flows)
			orderInto(out, left, depth+1, column, flows)
			orderInto(out, right, depth+1, column+1, flows)
			orderInto(out, below, depth+1, column, flows)
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
	*flows++
	for _, it := range sorted {
		it.column, it.flow = column, *flows
		*out = append(*out, it)
	}
}

// splitColumns looks for a gutter: an x that no item crosses over a stretch of the page
// where items stand on both sides of it. What crosses it (a name and contact band across
// the top, a footer) bounds the stretch: it is read before or after the columns. A
// column of dates or labels beside their entries is not a gutter: its lines sit on the
// baselines of the other side's, and it is narrow.
func splitColumns(items []item) (above, left, right, below []item, ok bool) {
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, it := range items {
		minX, maxX = math.Min(minX, it.x0), math.Max(maxX, it.x1)
	}
	if maxX-minX <= 0 {
		return nil, nil, nil, nil, false
	}
	items = append([]item(nil), items...)
	sort.SliceStable(items, func(i, j int) bool { return mid(items[i]) < mid(items[j]) })
	// Candidates: the right edges of items, each once, at most 120 of them spread over the
	// width (the work is candidates × items).
	cands := make([]float64, 0, len(items))
	for _, it := range items {
		cands = append(cands, it.x1)
	}
	sort.Float64s(cands)
	cands = slices.Compact(cands)
	if len(cands) > 120 {
		step := float64(len(cands)) / 120
		thinned := make([]float64, 0, 120)
		for i := 0.0; int(i) < len(cands); i += step {
			thinned = append(thinned, cands[int(i)])
		}
		cands = thinned
	}
	var best stretch
	bestX := 0.0
	for _, gx := range cands {
		if st := gutter(items, gx, minX, maxX); st.score > best.score {
			best, bestX = st, gx
		}
	}
	if best.score == 0 {
		return nil, nil, nil, nil, false
	}
	for _, it := range items {
		mid := (it.y0 + it.y1) / 2
		switch {
		case mid < best.top:
			above = append(above, it)
		case mid > best.bottom:
			below = append(below, it)
		case it.x1 <= bestX+0.01:
			left = append(left, it)
		case it.x0 > bestX:
			right = append(right, it)
		default:
			below = append(below, it)
		}
	}
	return above, left, right, below, len(left) > 0 && len(right) > 0
}

func gutterMin(size float64) float64 { return 1.2 * size }

// stretch is a band of the page between items that cross a candidate gutter.
type stretch struct{ top, bottom, score float64 }

// gutter rates x = gx as a gutter: the best band between the items that cross it,
// scored by the height the two columns share there (zero: no gutter).
func gutter(items []item, gx, minX, maxX float64) stretch {
	var cross []item
	for _, it := range items {
		if it.x0 <= gx && it.x1 > gx+0.01 {
			cross = append(cross, it)
		}
	}
	sort.Slice(cross, func(i, j int) bool { return cross[i].y0 < cross[j].y0 })
	bands := make([]stretch, 0, len(cross)+1)
	top := math.Inf(-1)
	for _, c := range cross {
		if c.y0 > top {
			bands = append(bands, stretch{top: top, bottom: c.y0})
		}
		top = math.Max(top, c.y1)
	}
	bands = append(bands, stretch{top: top, bottom: math.Inf(1)})
	if len(bands) > 12 {
		return stretch{} // crossed again and again: text across, not columns
	}
	var best stretch
	for _, band := range bands {
		// items are sorted by their middles: a band's are one run of them
		from := sort.Search(len(items), func(i int) bool { return mid(items[i]) > band.top })
		to := sort.Search(len(items), func(i int) bool { return mid(items[i]) >= band.bottom })
		if to-from < 6 {
			continue
		}
		if sc := gutterScore(items[from:to], gx, minX, maxX); sc > best.score {
			best = stretch{top: band.top, bottom: band.bottom, score: sc}
		}
	}
	return best
}

func mid(it item) float64 { return (it.y0 + it.y1) / 2 }

// gutterScore rates x = gx as a gutter between items none of which crosses it: zero when
// it is none, else the height of the stretch the two columns share.
func gutterScore(items []item, gx, minX, maxX float64) float64 {
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
		return 0
	}
	size := medianSize(items)
	if rightEdge-gx < gutterMin(size) {
		return 0
	}
	top, bottom := overlap(items, gx)
	if bottom-top < 4*size {
		return 0
	}
	lw, rw := spread(l), spread(r)
	width := maxX - minX
	if rightAligned(r, size) {
		return 0 // dates or places set flush right beside their entries
	}
	pl, pr := plain(l, size), plain(r, size)
	if len(pl) < len(l) && len(pr) < len(r) {
		// Each side has headings of its own: two flows, even set on one grid of
		// baselines (a table's labels and values, dates and stars have no headings on
		// both sides).
		return bottom - top
	}
	if lp, rp := paired(pl, r, top, bottom), paired(pr, l, top, bottom); lp > 0.8 && rp < 0.6 || rp > 0.8 && lp < 0.6 {
		return 0 // one side only ever beside the other's entries: labels or dates
	} else if lp > 0.8 && rp > 0.8 {
		// Line for line on the same baselines: a table without rules (skills and their
		// stars, labels and values). Two flows of their own drift apart.
		return 0
	}
	if lw < 0.25*width || rw < 0.25*width {
		// Dates or labels beside entries sit on the first line of each entry (the other
		// side has lines of its own); a column of one-line entries ("2019 · Award") has
		// figures on its narrow side.
		lp, rp := paired(pl, r, top, bottom), paired(pr, l, top, bottom)
		if lw < rw && lp > 0.6 && rp < 0.6 || rw < lw && rp > 0.6 && lp < 0.6 {
			return 0
		}
		// Every line of the narrow side on a baseline of the other, the other's entries
		// wrapping under themselves: terms beside their definitions (영어 | 비즈니스 회화,
		// TOEIC … / (wrapped) / 중국어 | HSK 5급).
		// (Terms may be bold: only what is set larger, a heading, is left out.)
		sl, sr := unlarger(l, size), unlarger(r, size)
		if lw < rw && len(sl) >= 2 && paired(sl, r, top, bottom) >= 0.95 || rw < lw && len(sr) >= 2 && paired(sr, l, top, bottom) >= 0.95 {
			return 0
		}
		side := l
		if rw < lw {
			side = r
		}
		if figures(side) > 0.5 || lp > 0.8 && rp > 0.8 {
			return 0
		}
	}
	return bottom - top
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
		tol := math.Max(1, 0.25*it.size)
		i := sort.SearchFloat64s(bases, it.base-tol)
		if i < len(bases) && bases[i] <= it.base+tol {
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

// figures is the share of items whose text holds a figure.
func figures(items []item) float64 {
	n := 0
	for _, it := range items {
		if it.seg != nil && strings.ContainsAny(it.seg.text, "0123456789") {
			n++
		}
	}
	return float64(n) / float64(max(1, len(items)))
}

// plain leaves out what is set like a heading (larger or bold): a column's headings
// have no partner on the other side in any layout.
func plain(items []item, size float64) []item {
	out := make([]item, 0, len(items))
	for _, it := range items {
		if it.seg != nil && (it.seg.bold || it.size > 1.1*size) {
			continue
		}
		out = append(out, it)
	}
	return out
}

// unlarger leaves out what is set larger than the body: headings.
func unlarger(items []item, size float64) []item {
	out := make([]item, 0, len(items))
	for _, it := range items {
		if it.size <= 1.1*size {
			out = append(out, it)
		}
	}
	return out
}

// rightAligned reports items that end at one x but start at several: text set flush
// right, which no column of running text is.
func rightAligned(items []item, size float64) bool {
	if len(items) < 3 {
		return false
	}
	x0min, x0max, x1min, x1max := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, it := range items {
		x0min, x0max = math.Min(x0min, it.x0), math.Max(x0max, it.x0)
		x1min, x1max = math.Min(x1min, it.x1), math.Max(x1max, it.x1)
	}
	return x1max-x1min < 0.3*size && x0max-x0min > 2*size
}
