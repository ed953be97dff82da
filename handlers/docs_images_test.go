package handlers_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"sitecard/internal/testutil"
)

// With UPDATE_SCREENSHOTS=1, the README's share image and the PDF's first page are drawn
// again from the demo card (docs/share-image.png, docs/cv-first-page.png; pdftoppm from
// poppler-utils renders the page).
func TestDocsImages(t *testing.T) {
	if os.Getenv("UPDATE_SCREENSHOTS") == "" {
		t.Skip("UPDATE_SCREENSHOTS=1 redraws docs/share-image.png and docs/cv-first-page.png")
	}
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	og := do(t, f.srv, "GET", "/c/demo/og.png")
	if og.status != 200 {
		t.Fatalf("og.png: %d", og.status)
	}
	if err := os.WriteFile("../docs/share-image.png", []byte(og.body), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := do(t, f.srv, "GET", "/c/demo/cv.pdf")
	path := filepath.Join(t.TempDir(), "cv.pdf")
	if err := os.WriteFile(path, []byte(pdf.body), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "page")
	if b, err := exec.Command("pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", path, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	page, err := os.ReadFile(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("../docs/cv-first-page.png", page, 0o644); err != nil {
		t.Fatal(err)
	}
}
