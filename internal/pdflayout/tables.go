package pdflayout

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"sitecard/internal/pdftext"
)

// rule is a ruling line: a thin path (or one edge of a rectangle), horizontal or vertical.
type rule struct {
	x0, y0, x1, y1 float64
	horizontal     bool
	edge           bool // an edge of a rectangle (a shaded cell, a frame, a cell's border), not a line
	stroked        bool // drawn with a pen: a line, or a rectangle's border (not shading alone)
}

// table is a grid found from ruling lines; its words are read cell by cell.
type table struct {
	x0, y0, x1, y1 float64
	xs, ys         []float64 // the column and row boundaries, sorted
	rows           [][]cell
	deep           bool    // a cell holds more lines than a table's cell does: a layout box
	label          string  // the text of a first column that is one cell down the table
	open           bool    // ruled across only (no vertical line): every column boundary splits a row
	size           float64 // the median size of its letters
	bold           bool    // most of its letters are bold
	letters        int
}

// cell is one cell of a row: its text and the columns it spans.
type cell struct {
	text     string
	from, to int // column boundaries: xs[from]..xs[to]
}

const (
	thin     = 2.5 // a path this thin across is a line
	ruleSnap = 2.5 // lines this close are one boundary, and touch each other
	maxLines = 1500
	// maxCellLines is the most lines a table's cell holds; a box with more is a layout's.
	maxCellLines = 8
	// maxTableWords bounds a table ruled across only (finding its columns is words ×
	// words).
	maxTableWords = 2000
)

// rules takes the ruling lines from a page's paths: thin paths as they are, and the four
// edges of a rectangle that is neither thin nor the page's whole background.
func rules(p pdftext.Page) []rule {
	area := float64(p.Width) * float64(p.Height)
	var out []rule
	for i, b := range p.Rules {
		x0, y0, x1, y1 := float64(b.X0), float64(b.Y0), float64(b.X1), float64(b.Y1)
		w, h := x1-x0, y1-y0
		st := i < len(p.Stroked) && p.Stroked[i]
		switch {
		case len(out) >= maxLines, w < 0, h < 0:
		case h <= thin && w >= 6:
			out = append(out, rule{x0, (y0 + y1) / 2, x1, (y0 + y1) / 2, true, false, st})
		case w <= thin && h >= 4:
			out = append(out, rule{(x0 + x1) / 2, y0, (x0 + x1) / 2, y1, false, false, st})
		case w < 7 && h < 7:
			// a dot or a small square: a list's marker, not a line (see dots)
		case w > thin && h > thin && w*h < area/3:
			out = append(out, rule{x0, y0, x1, y0, true, true, st}, rule{x0, y1, x1, y1, true, true, st},
				rule{x0, y0, x0, y1, false, true, st}, rule{x1, y0, x1, y1, false, true, st})
		}
	}
	return out
}

// dots are the small, squarish shapes of a page: Chromium draws a list's discs and
// squares as paths, not as characters.
func dots(p pdftext.Page) []pdftext.Box {
	var out []pdftext.Box
	for _, b := range p.Rules {
		w, h := b.W(), b.H()
		if w >= 1.5 && h >= 1.5 && w < 7 && h < 7 && w < 2*h && h < 2*w && len(out) < maxLines {
			out = append(out, b)
		}
	}
	return out
}

// tables finds the grids among the page's ruling lines: lines that touch make one
// figure, and a figure with at least two rows and two columns of boundaries is a table.
// Two tables side by side do not touch, so they are two tables.
func tables(rs []rule) []*table {
	n := len(rs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if touch(rs[i], rs[j]) {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]rule{}
	var order []int
	for i, r := range rs {
		root := find(i)
		if _, ok := groups[root]; !ok {
			order = append(order, root)
		}
		groups[root] = append(groups[root], r)
	}
	var out []*table
	for _, root := range order {
		g := groups[root]
		var xs, ys []float64
		t := &table{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
		for _, r := range g {
			t.x0, t.y0 = math.Min(t.x0, r.x0), math.Min(t.y0, r.y0)
			t.x1, t.y1 = math.Max(t.x1, r.x1), math.Max(t.y1, r.y1)
			if r.horizontal {
				ys = append(ys, r.y0)
			} else {
				xs = append(xs, r.x0)
			}
		}
		drawnLines, bordered := 0, 0
		for _, r := range g {
			switch {
			case !r.edge:
				drawnLines++
			case r.stroked:
				bordered++
			}
		}
		// Filled boxes alone (a band, a sidebar's background) are no table; cells drawn
		// as stroked rectangles (fpdf's bordered cells), four or more, are one.
		if drawnLines < 3 && bordered < 16 {
			continue
		}
		t.xs, t.ys = snap(xs), snap(ys)
		// A grid of more than 40 columns or 200 rows is a drawing, not a table.
		if (len(t.xs) >= 2 && len(t.ys) >= 3 || len(t.xs) >= 3 && len(t.ys) >= 2) && len(t.xs) <= 41 && len(t.ys) <= 201 {
			t.xs, t.ys = t.boundaries(g)
			out = append(out, t)
		}
	}
	return out
}

// boundaries keeps the outer edges even where a border is missing (a table drawn with
// rows' lines only still has its left and right).
func (t *table) boundaries(g []rule) ([]float64, []float64) {
	xs := snap(append(append([]float64(nil), t.xs...), t.x0, t.x1))
	ys := snap(append(append([]float64(nil), t.ys...), t.y0, t.y1))
	return xs, ys
}

func touch(a, b rule) bool {
	return a.x0-ruleSnap <= b.x1 && b.x0-ruleSnap <= a.x1 && a.y0-ruleSnap <= b.y1 && b.y0-ruleSnap <= a.y1
}

// snap sorts values and merges those within ruleSnap of each other.
func snap(v []float64) []float64 {
	sort.Float64s(v)
	var out []float64
	for _, x := range v {
		if len(out) == 0 || x-out[len(out)-1] > ruleSnap {
			out = append(out, x)
		}
	}
	return out
}

// fill reads the table's words into its cells. A boundary that no line draws within a
// row (a merged cell) does not split that row.
func (t *table) fill(ws []word, rs []rule) {
	nr, nc := len(t.ys)-1, len(t.xs)-1
	if nr < 1 || nc < 1 {
		return
	}
	grid := make([][][]word, nr)
	for i := range grid {
		grid[i] = make([][]word, nc)
	}
	t.size, t.bold, t.letters = lettersOf(ws)
	for _, w := range ws {
		cx, cy := (w.x0+w.x1)/2, w.base-0.3*w.size
		r := sort.SearchFloat64s(t.ys, cy) - 1
		c := sort.SearchFloat64s(t.xs, cx) - 1
		if r >= 0 && r < nr && c >= 0 && c < nc {
			grid[r][c] = append(grid[r][c], w)
		}
	}
	for r := range grid {
		for c := range grid[r] {
			if len(segments(grid[r][c])) > maxCellLines {
				t.deep = true
			}
		}
	}
	// A first column that no row's line crosses is one cell down the whole table: the
	// table's label, as Korean forms set 학력사항 beside its rows.
	first := 0
	if nr >= 2 && nc >= 3 && !t.open {
		merged := true
		for r := 1; r < nr && merged; r++ {
			merged = !drawnAcross(rs, t.ys[r], t.xs[0], t.xs[1])
		}
		var label []word
		for r := range grid {
			label = append(label, grid[r][0]...)
		}
		if text := cellText(label, t.xs[0], t.xs[1]); merged && text != "" && utf8.RuneCountInString(text) <= 20 && digits(text) == 0 {
			t.label, first = text, 1
		}
	}
	for r := 0; r < nr; r++ {
		top, bottom := t.ys[r], t.ys[r+1]
		var row []cell
		from := first
		var acc []word
		for c := first; c < nc; c++ {
			acc = append(acc, grid[r][c]...)
			if c == nc-1 || t.open || drawn(rs, t.xs[c+1], top, bottom) {
				if text := cellText(acc, t.xs[from], t.xs[c+1]); text != "" {
					row = append(row, cell{text: text, from: from, to: c + 1})
				}
				from, acc = c+1, nil
			}
		}
		if len(row) > 0 {
			t.rows = append(t.rows, row)
		}
	}
}

// lettersOf is the median size of words' letters, whether most are bold, and how many
// there are.
func lettersOf(ws []word) (float64, bool, int) {
	var sizes []float64
	bold, n := 0, 0
	for _, w := range ws {
		for i := 0; i < w.letters && len(sizes) < 20000; i++ {
			sizes = append(sizes, w.size)
		}
		n += w.letters
		if w.bold {
			bold += w.letters
		}
	}
	if len(sizes) == 0 {
		return 10, false, 0
	}
	sort.Float64s(sizes)
	return sizes[len(sizes)/2], bold*2 > n, n
}

// openTables finds the tables ruled across only, with no vertical line (LaTeX's booktabs:
// a top, a middle and a bottom rule; Word's and Writer's tables with horizontal borders
// only): horizontal lines of one extent, one under the other, that touch no other line,
// where every line of text between two of them is pieces that start at the same few
// places (the columns). The rows are its lines of text; the first band (above the
// middle rule) is usually the header, which the builder tells as it does for any table.
func openTables(rs []rule, ws []word, taken []*table) []*table {
	var hs []rule
	for i, r := range rs {
		if !r.horizontal || r.edge || r.x1-r.x0 < 100 || len(hs) >= 200 {
			continue
		}
		alone := true
		for j, o := range rs {
			if j != i && !o.horizontal && touch(r, o) {
				alone = false
				break
			}
		}
		for _, t := range taken {
			if r.x0 >= t.x0-ruleSnap && r.x1 <= t.x1+ruleSnap && r.y0 >= t.y0-ruleSnap && r.y0 <= t.y1+ruleSnap {
				alone = false
			}
		}
		if alone {
			hs = append(hs, r)
		}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].y0 < hs[j].y0 })
	var out []*table
	used := make([]bool, len(hs))
	for i := range hs {
		if used[i] {
			continue
		}
		// the rules of this extent, top to bottom, while each band between two of them
		// holds a table's lines
		group := []rule{hs[i]}
		var bands [][]segment
		for j := i + 1; j < len(hs); j++ {
			if used[j] || math.Abs(hs[j].x0-hs[i].x0) > ruleSnap || math.Abs(hs[j].x1-hs[i].x1) > ruleSnap {
				continue
			}
			last := group[len(group)-1]
			band := segmentsIn(ws, last.x0, last.y0, last.x1, hs[j].y0)
			if !columned(band) {
				break
			}
			group = append(group, hs[j])
			bands = append(bands, band)
			used[j] = true
		}
		if len(group) < 2 {
			continue
		}
		var all []segment
		n := 0
		for _, b := range bands {
			all = append(all, b...)
			for _, sg := range b {
				n += len(sg.words)
			}
		}
		if n > maxTableWords {
			continue // a page of text between two rules, or a hostile one: no table's cells
		}
		starts := columnStarts(all)
		rows := lineBases(all)
		if len(starts) < 2 || len(rows) < 2 {
			continue
		}
		top, bottom := group[0].y0, group[len(group)-1].y0
		t := &table{x0: group[0].x0, y0: top, x1: group[0].x1, y1: bottom, open: true}
		t.xs = append(t.xs, t.x0)
		for _, x := range starts[1:] {
			t.xs = append(t.xs, x-0.5)
		}
		t.xs = append(t.xs, t.x1)
		t.ys = append(t.ys, top)
		for k := 1; k < len(rows); k++ {
			t.ys = append(t.ys, (rows[k-1].base+0.25*rows[k-1].size+rows[k].base-rows[k].size)/2)
		}
		t.ys = append(t.ys, bottom)
		out = append(out, t)
	}
	return out
}

// segmentsIn are the pieces of lines whose words stand inside the box.
func segmentsIn(ws []word, x0, y0, x1, y1 float64) []segment {
	var in []word
	for _, w := range ws {
		if cy := w.base - 0.3*w.size; w.x0 >= x0-1 && w.x1 <= x1+1 && cy > y0 && cy < y1 {
			in = append(in, w)
		}
	}
	return segments(in)
}

// columned reports a band of a table ruled across: some text, each line of it two pieces
// or more (a cell of a row may be empty, so not every line has every column).
func columned(segs []segment) bool {
	if len(segs) == 0 {
		return false
	}
	lines := lineBases(segs)
	pieces := map[float64]int{}
	for _, s := range segs {
		for _, l := range lines {
			if math.Abs(s.base-l.base) <= sameLine*math.Max(s.size, l.size) {
				pieces[l.base]++
				break
			}
		}
	}
	for _, l := range lines {
		if pieces[l.base] < 2 {
			return false
		}
	}
	return true
}

// lineBases are the distinct lines of segments, top to bottom: a baseline and a size each.
func lineBases(segs []segment) []segment {
	sorted := append([]segment(nil), segs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].base < sorted[j].base })
	var out []segment
	for _, s := range sorted {
		if n := len(out); n > 0 && s.base-out[n-1].base <= sameLine*math.Max(s.size, out[n-1].size) {
			continue
		}
		out = append(out, segment{base: s.base, size: s.size})
	}
	return out
}

// columnStarts are where a table's columns start: the left edges of words that most of
// its lines share, where no word of any line runs across (a column's gap may be narrower
// than the gap between a line's pieces: LaTeX sets its columns 6 pt apart).
func columnStarts(segs []segment) []float64 {
	lines := len(lineBases(segs))
	var ws []word
	for _, s := range segs {
		ws = append(ws, s.words...)
	}
	xs := make([]float64, 0, len(ws))
	for _, w := range ws {
		xs = append(xs, w.x0)
	}
	sort.Float64s(xs)
	var out []float64
	for i := 0; i < len(xs); {
		j := i
		for j < len(xs) && xs[j]-xs[i] <= 1.5 {
			j++
		}
		x := xs[i]
		crossed := false
		for _, w := range ws {
			if w.x0 < x-1.5 && w.x1 > x+0.5 {
				crossed = true
				break
			}
		}
		if (j-i)*2 >= lines && !crossed {
			out = append(out, x)
		}
		i = j
	}
	return out
}

// drawnAcross reports whether a horizontal line at y crosses the middle of x0..x1.
func drawnAcross(rs []rule, y, x0, x1 float64) bool {
	mid := (x0 + x1) / 2
	for _, r := range rs {
		if r.horizontal && math.Abs(r.y0-y) <= ruleSnap && r.x0 <= mid && r.x1 >= mid {
			return true
		}
	}
	return false
}

// drawn reports whether a vertical line runs at x through most of the band top..bottom.
func drawn(rs []rule, x, top, bottom float64) bool {
	mid := (top + bottom) / 2
	for _, r := range rs {
		if !r.horizontal && math.Abs(r.x0-x) <= ruleSnap && r.y0 <= mid && r.y1 >= mid {
			return true
		}
	}
	return false
}

// cellText is a cell's words as lines, in reading order, joined by spaces.
func cellText(ws []word, left, right float64) string {
	if len(ws) == 0 {
		return ""
	}
	// Where the cell's lines may end: its right border less the padding its text keeps
	// from the left one.
	segs := segments(ws)
	pad := math.Inf(1)
	for _, s := range segs {
		pad = math.Min(pad, s.x0-left)
	}
	edge := right - math.Max(0, pad)
	text := ""
	for i, s := range segs {
		t := strings.Join(strings.Fields(s.text), " ")
		if i == 0 || text == "" {
			text = t
			continue
		}
		prev := segs[i-1]
		if math.Abs(prev.base-s.base) <= sameLine*s.size {
			text += " " + t
			continue
		}
		text = joinWrapped(text, t, (edge-prev.x1)/math.Max(prev.size, 1))
	}
	return text
}
