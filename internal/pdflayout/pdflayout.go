// Package pdflayout rebuilds a résumé PDF's reading order and its facts from PDFium's geometry.
package pdflayout

import (
	"context"

	"sitecard/internal/pdftext"
)

// Kind says what a fact is on the page.
type Kind int

// The kinds of facts.
const (
	Line     Kind = iota // a line of its own (a title, a line that is none of the others)
	Bullet               // one bullet, its wrapped lines joined
	Row                  // one table row, each cell with its column's header
	Pair                 // one "label: value" pair (a contact block, a label beside its value)
	Sentence             // one sentence of prose
	Heading              // a section's heading (never a fact to quote alone)
)

var kindNames = [...]string{"line", "bullet", "row", "pair", "sentence", "heading"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "kind?"
	}
	return kindNames[k]
}

// Fact is one thing the résumé says, whole enough to quote alone.
type Fact struct {
	Section string // the heading it falls under as printed (letter-spacing removed); "" before any heading
	Text    string // the fact whole: ≤ ~300 chars, no private-use characters
	Kind    Kind
	Page    int // from 1
}

// Document is a résumé's facts in reading order.
type Document struct{ Facts []Fact }

// Read reads pdf in pdftext's sandboxed child under lim and returns its facts.
func Read(ctx context.Context, pdf []byte, lim pdftext.Limits) (Document, error) {
	pages, err := pdftext.Geometry(ctx, pdf, lim)
	if err != nil {
		return Document{}, err
	}
	return Build(pages), nil
}
