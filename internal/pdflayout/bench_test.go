package pdflayout_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"sitecard/internal/pdflayout"
	"sitecard/internal/pdftext"
)

// BenchmarkReadTwoPageResume reads the two-page LibreOffice résumé (tables, a running
// header and footer) as an upload does: the text alone, as before the layout reader
// (text), and its geometry rebuilt into facts (layout), each by PDFium compiled into the
// user's cache (the site's default, warmed before the timing) and by wazero's
// interpreter (a cache that cannot be used). Each includes the child's start.
func BenchmarkReadTwoPageResume(b *testing.B) {
	data, err := os.ReadFile("testdata/tables.pdf")
	if err != nil {
		b.Fatal(err)
	}
	compiled := pdftext.DefaultLimits()
	interpreted := compiled
	interpreted.CacheDir = ""
	// The first reading of a cold cache is the interpreter's; the compiled module is
	// ready once the warming child it starts has ended.
	if _, err := pdftext.Extract(context.Background(), data, compiled); err != nil {
		b.Fatal(err)
	}
	for deadline := time.Now().Add(2 * time.Minute); !compiledReady(compiled.CacheDir); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatal("PDFium was not compiled into the cache")
		}
	}
	for _, e := range []struct {
		name string
		lim  pdftext.Limits
	}{{"compiler", compiled}, {"interpreter", interpreted}} {
		b.Run("text/"+e.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := pdftext.Extract(context.Background(), data, e.lim); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("layout/"+e.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := pdflayout.Read(context.Background(), data, e.lim); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	pages, err := pdftext.Geometry(context.Background(), data, compiled)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			pdflayout.Build(pages)
		}
	})
}

// compiledReady reports whether the cache under base holds a compiled PDFium (its
// "ready" file, in the one directory of this build).
func compiledReady(base string) bool {
	dirs, _ := os.ReadDir(base)
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(base, d.Name(), "ready")); err == nil {
			return true
		}
	}
	return false
}
