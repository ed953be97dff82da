package testutil

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// RawPDF writes a PDF from its objects as given, with a correct cross-reference table
// unless PDFBrokenXref: the objects themselves may be as hostile as a test wants.
func RawPDF(objects []string, PDFBrokenXref bool) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		if PDFBrokenXref {
			off += 7919 // every entry points into nothing
		}
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

const onePage = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"

// The hostile PDFs: each a few hundred bytes, but the garbage.

// PDFBrokenXref has a cross-reference table whose every entry points into nothing.
func PDFBrokenXref() []byte {
	return RawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", onePage}, true)
}

// PDFHugeCount claims two billion pages.
func PDFHugeCount() []byte {
	return RawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>", onePage}, false)
}

// PDFSelfListingTree has a page tree that lists itself.
func PDFSelfListingTree() []byte {
	return RawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
		"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R 2 0 R] /Count 2 >>"}, false)
}

// PDFGarbageStream has a page whose content is 10 MB of random bytes claimed as Flate.
func PDFGarbageStream() []byte {
	junk := make([]byte, 10<<20)
	rand.Read(junk) //nolint:errcheck // crypto/rand does not fail
	content := fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", len(junk), junk)
	return RawPDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", content}, false)
}

// FPDF builds a PDF with fpdf.
func FPDF(t testing.TB, build func(pdf *fpdf.Fpdf)) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	build(pdf)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// PDFBlankPages is n empty pages.
func PDFBlankPages(t testing.TB, n int) []byte {
	return FPDF(t, func(pdf *fpdf.Fpdf) {
		for range n {
			pdf.AddPage()
		}
	})
}

// PDFEncrypted opens only with a password.
func PDFEncrypted(t testing.TB) []byte {
	return FPDF(t, func(pdf *fpdf.Fpdf) {
		pdf.SetProtection(fpdf.CnProtectPrint, "open-sesame", "owner-secret")
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.Cell(0, 10, "Secret experience at Acme")
	})
}

// PDFScan is a page that is only a picture of text: no text layer.
func PDFScan(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 200, 100))
	for x := 20; x < 180; x++ {
		img.Set(x, 50, color.Black)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return FPDF(t, func(pdf *fpdf.Fpdf) {
		pdf.AddPage()
		pdf.RegisterImageOptionsReader("scan", fpdf.ImageOptions{ImageType: "PNG"}, &buf)
		pdf.ImageOptions("scan", 10, 10, 190, 95, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	})
}

// PDFText is a page of plain lines in Helvetica.
func PDFText(t testing.TB, lines ...string) []byte {
	return FPDF(t, func(pdf *fpdf.Fpdf) {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.MultiCell(0, 7, strings.Join(lines, "\n"), "", "", false)
	})
}
