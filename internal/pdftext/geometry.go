package pdftext

import (
	"encoding/json"
	"errors"
	"math"
)

// Page is one page's geometry as PDFium reports it, in points, with y growing downwards
// from the page's top edge (the order a reader reads in).
type Page struct {
	Width  float32 `json:"w"`
	Height float32 `json:"h"`
	Glyphs []Glyph `json:"g,omitempty"`
	Rules  []Box   `json:"r,omitempty"` // the bounds of path objects: ruling lines, cell borders and shading
	// Stroked[i] says Rules[i] is drawn with a pen (a border, a line), not only filled (a
	// shaded cell, a background): fpdf and others draw a table's cells as stroked
	// rectangles. Missing entries are false.
	Stroked []bool `json:"st,omitempty"`
}

// Glyph is one character PDFium found on the page, in the content stream's order.
type Glyph struct {
	R rune `json:"c"`
	// Box is the loose box: from the origin to the advance width across, the font's
	// ascent to its descent up and down. Gaps between boxes are gaps between words.
	Box    Box     `json:"b"`
	X      float32 `json:"x"` // the origin, on the baseline
	Y      float32 `json:"y"`
	Size   float32 `json:"s"` // the font size as printed (the text matrix's scale included)
	Weight int16   `json:"wt,omitempty"`
	// Generated marks a space or line break PDFium inferred rather than read.
	Generated bool `json:"gen,omitempty"`
}

// Box is a rectangle: X0 ≤ X1, Y0 ≤ Y1 (Y0 the top).
type Box struct {
	X0 float32 `json:"a"`
	Y0 float32 `json:"b"`
	X1 float32 `json:"c"`
	Y1 float32 `json:"d"`
}

// W and H are the box's width and height.
func (b Box) W() float32 { return b.X1 - b.X0 }
func (b Box) H() float32 { return b.Y1 - b.Y0 }

// maxRules bounds the path objects kept per page: a table has dozens, a drawing thousands.
const maxRules = 4000

// box makes a top-down box from PDF coordinates (y up), whatever the corners' order, and
// with every coordinate finite.
func box(left, top, right, bottom, height float64) Box {
	x0, x1 := math.Min(left, right), math.Max(left, right)
	y0, y1 := height-math.Max(top, bottom), height-math.Min(top, bottom)
	return Box{finite(x0), finite(y0), finite(x1), finite(y1)}
}

// finite rounds v to a hundredth of a point and makes NaN and infinities 0 (JSON has none).
func finite(v float64) float32 {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e7 {
		return 0
	}
	return float32(math.Round(v*100) / 100)
}

// MarshalJSON writes a glyph as an array, [rune, x0, y0, x1, y1, x, y, size, weight,
// generated]: a page holds thousands of them, and names would triple the child's answer.
func (g Glyph) MarshalJSON() ([]byte, error) {
	gen := 0
	if g.Generated {
		gen = 1
	}
	return json.Marshal([10]float32{float32(g.R), g.Box.X0, g.Box.Y0, g.Box.X1, g.Box.Y1, g.X, g.Y, g.Size, float32(g.Weight), float32(gen)})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (g *Glyph) UnmarshalJSON(b []byte) error {
	var v [10]float32
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v[0] < 0 || v[0] > 0x10ffff {
		return errors.New("pdftext: a glyph out of Unicode")
	}
	*g = Glyph{R: rune(v[0]), Box: Box{v[1], v[2], v[3], v[4]}, X: v[5], Y: v[6], Size: v[7], Weight: int16(v[8]), Generated: v[9] != 0}
	return nil
}
