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
// reaches the caller as a panic, a hang or the caller's memory.
func TestHostileFilesAreRefusedNeverFatal(t *testing.T) {
	lim := pdftext.DefaultLimits()
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
