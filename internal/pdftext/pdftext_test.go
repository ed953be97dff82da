package pdftext_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"sitecard/internal/pdftext"
	"sitecard/internal/testutil"
)

// Every hostile file is answered with an error or empty text, within the deadline; none
// reaches the caller as a panic, a hang or the caller's memory. PDFium runs compiled, as
// the site runs it.
func TestHostileFilesAreRefusedNeverFatal(t *testing.T) {
	lim := pdftext.DefaultLimits()
	lim.CacheDir = warmCopy(t)
	lim.Timeout = 10 * time.Second
	cases := []struct {
		name string
		data []byte
		want []error // any of these; nil means it reads, as empty or not
	}{
		{"a broken xref", testutil.PDFBrokenXref(), []error{nil, pdftext.ErrUnreadable}},
		{"a /Count of 2,000,000,000", testutil.PDFHugeCount(), []error{nil, pdftext.ErrUnreadable, pdftext.ErrTooManyPages}},
		{"a page tree that lists itself", testutil.PDFSelfListingTree(), []error{nil, pdftext.ErrUnreadable, pdftext.ErrTooSlow}},
		{"a 10 MB stream of garbage", testutil.PDFGarbageStream(), []error{nil, pdftext.ErrUnreadable, pdftext.ErrTooSlow}},
		{"500 blank pages", testutil.PDFBlankPages(t, 500), []error{pdftext.ErrTooManyPages}},
		{"a password", testutil.PDFEncrypted(t), []error{pdftext.ErrEncrypted}},
		{"not a PDF at all", []byte("%PDF-1.7\nthis is not a PDF"), []error{pdftext.ErrUnreadable}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			pages, err := pdftext.Extract(context.Background(), c.data, lim)
			ok := false
			for _, w := range c.want {
				ok = ok || errors.Is(err, w) || w == nil && err == nil
			}
			if !ok {
				t.Errorf("got %v, want one of %v", err, c.want)
			}
			if err == nil && pdftext.HasText(pages) {
				t.Errorf("text from a file with none: %q", pages)
			}
			if d := time.Since(start); d > lim.Timeout+2*time.Second {
				t.Errorf("took %v, past the %v deadline", d, lim.Timeout)
			}
		})
	}
}

// A scan is a readable PDF with no text: it says so rather than failing.
func TestAScanHasNoText(t *testing.T) {
	pages, err := pdftext.Extract(context.Background(), testutil.PDFScan(t), pdftext.DefaultLimits())
	if err != nil || len(pages) != 1 || pdftext.HasText(pages) {
		t.Fatalf("scan: %q %v, want one page without text", pages, err)
	}
}

// Text comes out as a reader sees it: words keep their spaces, lines their order, and no
// control character survives.
func TestTextKeepsItsSpacesAndOrder(t *testing.T) {
	pages, err := pdftext.Extract(context.Background(), testutil.PDFText(t, "Experience at Acme Robotics", "Education: MSc, Hanbit University"), pdftext.DefaultLimits())
	if err != nil || len(pages) != 1 {
		t.Fatalf("%q %v", pages, err)
	}
	if pages[0] != "Experience at Acme Robotics\nEducation: MSc, Hanbit University" {
		t.Errorf("page text %q", pages[0])
	}
}

func TestCleanDropsControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"한빛데이터\x01(Hanbit\x01Data)":   "한빛데이터 (Hanbit Data)",
		"line one\r\nline\u00adtwo  ": "line one\nlinetwo",
		"a\x00b\tc\ufffe":             "a b c",
		"  \n\n  ":                    "",
	} {
		if got := pdftext.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	if strings.ContainsFunc(pdftext.Clean("x\x01\x02\x1fy"), func(r rune) bool { return r < 0x20 && r != '\n' }) {
		t.Error("a control character survived")
	}
}

// Each limit holds on its own, with limits small enough that the outcome never depends
// on the machine's speed: two pages allowed of three, a deadline shorter than any
// child's start, a memory bound PDFium cannot start in, ten bytes of text. They hold
// for both engines: the interpreter, and the compiled PDFium of a warm cache.
func TestEachLimitHolds(t *testing.T) {
	warm := warmCopy(t)
	for engine, cache := range map[string]string{"interpreter": "", "compiler": warm} {
		t.Run(engine, func(t *testing.T) {
			lim := pdftext.DefaultLimits()
			lim.CacheDir = cache
			eachLimitHolds(t, lim, engine)
		})
	}
}

func eachLimitHolds(t *testing.T, lim pdftext.Limits, engine string) {
	ctx := context.Background()
	three := testutil.PDFBlankPages(t, 3)
	text := testutil.PDFText(t, "Experience at Acme Robotics", "Education: MSc, Hanbit University")
	if _, got, err := pdftext.ReadWith(ctx, text, lim); err != nil || got != engine {
		t.Fatalf("read by %q (%v), want %q", got, err, engine)
	}

	pages := lim
	pages.MaxPages = 2
	if _, err := pdftext.Geometry(ctx, three, pages); !errors.Is(err, pdftext.ErrTooManyPages) {
		t.Errorf("3 pages of 2: %v", err)
	}
	pages.MaxPages = 3
	if g, err := pdftext.Geometry(ctx, three, pages); err != nil || len(g) != 3 {
		t.Errorf("3 pages of 3: %d pages, %v", len(g), err)
	}

	slow := lim
	slow.Timeout = time.Millisecond
	if _, err := pdftext.Geometry(ctx, text, slow); !errors.Is(err, pdftext.ErrTooSlow) {
		t.Errorf("1 ms: %v", err)
	}

	small := lim
	small.MemoryMB = 1
	if _, err := pdftext.Geometry(ctx, text, small); !errors.Is(err, pdftext.ErrUnreadable) {
		t.Errorf("1 MB: %v", err)
	}

	short := lim
	short.MaxText = 10
	g, err := pdftext.Geometry(ctx, text, short)
	if err != nil || len(g) != 1 {
		t.Fatalf("10 bytes: %v", err)
	}
	if n := len(g[0].Glyphs); n == 0 || n > 10 {
		t.Errorf("10 bytes of text kept %d glyphs", n)
	}
}

// The geometry is the page as drawn: glyphs left to right on one baseline per line, in
// points from the top, with the font's size.
func TestGeometryPlacesEachGlyph(t *testing.T) {
	g, err := pdftext.Geometry(context.Background(), testutil.PDFText(t, "Experience at Acme", "Education"), pdftext.DefaultLimits())
	if err != nil || len(g) != 1 {
		t.Fatalf("%v", err)
	}
	p := g[0]
	var first []pdftext.Glyph
	for _, gl := range p.Glyphs {
		if !gl.Generated && gl.Y == p.Glyphs[0].Y {
			first = append(first, gl)
		}
	}
	var s strings.Builder
	for i, gl := range first {
		s.WriteRune(gl.R)
		if gl.Size < 11.5 || gl.Size > 12.5 {
			t.Errorf("%q: size %v, want 12", gl.R, gl.Size)
		}
		if i > 0 && gl.Box.X0 < first[i-1].Box.X0 {
			t.Errorf("%q left of the glyph before it", gl.R)
		}
	}
	if s.String() != "Experience at Acme" || first[0].Y > p.Height/4 || first[0].Y <= 0 {
		t.Errorf("first line %q at y %v of %v", s.String(), first[0].Y, p.Height)
	}
}

// Linking pdftext makes no binary a reader: the child serves only when started as one,
// and a child that runs its ordinary main instead cannot start children of its own.
func TestTheChildModeIsExplicit(t *testing.T) {
	if code := pdftext.ServeChild(); code != 2 {
		t.Errorf("ServeChild outside a child: %d, want 2", code)
	}
	t.Setenv("SITECARD_PDFTEXT_CHILD", "40,256,1048576,text")
	if _, err := pdftext.Extract(context.Background(), testutil.PDFText(t, "x"), pdftext.DefaultLimits()); !errors.Is(err, pdftext.ErrNoChild) {
		t.Errorf("a child starting a child: %v, want ErrNoChild", err)
	}
}

// The geometry reading holds the same line against hostile files as the text reading.
func TestHostileFilesGiveNoGeometry(t *testing.T) {
	lim := pdftext.DefaultLimits() // the site's own deadline: a loaded machine starts a child slowly
	lim.CacheDir = warmCopy(t)
	for name, c := range map[string]struct {
		data []byte
		want []error
	}{
		"a broken xref":              {testutil.PDFBrokenXref(), []error{nil, pdftext.ErrUnreadable}},
		"a /Count of 2,000,000,000":  {testutil.PDFHugeCount(), []error{nil, pdftext.ErrUnreadable, pdftext.ErrTooManyPages}},
		"a page tree listing itself": {testutil.PDFSelfListingTree(), []error{nil, pdftext.ErrUnreadable, pdftext.ErrTooSlow}},
		"a password":                 {testutil.PDFEncrypted(t), []error{pdftext.ErrEncrypted}},
		"not a PDF":                  {[]byte("%PDF-1.7\nnot a PDF"), []error{pdftext.ErrUnreadable}},
	} {
		pages, err := pdftext.Geometry(context.Background(), c.data, lim)
		ok := false
		for _, w := range c.want {
			ok = ok || errors.Is(err, w) || w == nil && err == nil
		}
		if !ok {
			t.Errorf("%s: %v, want one of %v", name, err, c.want)
		}
		for _, p := range pages {
			if len(p.Glyphs) > 0 {
				t.Errorf("%s: glyphs from a file with no text", name)
			}
		}
	}
}
