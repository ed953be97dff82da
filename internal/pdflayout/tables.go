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
	if nr >= 2 && nc >= 3 {
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
			if c == nc-1 || drawn(rs, t.xs[c+1], top, bottom) {
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
