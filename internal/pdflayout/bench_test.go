package pdflayout_test

import (
	"context"
	"os"
	"testing"

	"sitecard/internal/pdflayout"
	"sitecard/internal/pdftext"
)

// BenchmarkReadTwoPageResume reads the two-page LibreOffice résumé (tables, a running
// header and footer) as an upload does: the text alone, as before the layout reader
// (text), and its geometry rebuilt into facts (layout). Each includes the child's start.
func BenchmarkReadTwoPageResume(b *testing.B) {
	data, err := os.ReadFile("testdata/tables.pdf")
	if err != nil {
		b.Fatal(err)
	}
	lim := pdftext.DefaultLimits()
	b.Run("text", func(b *testing.B) {
		for b.Loop() {
			if _, err := pdftext.Extract(context.Background(), data, lim); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("layout", func(b *testing.B) {
		for b.Loop() {
			if _, err := pdflayout.Read(context.Background(), data, lim); err != nil {
				b.Fatal(err)
			}
		}
	})
	pages, err := pdftext.Geometry(context.Background(), data, lim)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			pdflayout.Build(pages)
		}
	})
}
