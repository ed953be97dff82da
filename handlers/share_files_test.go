package handlers_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// needTool skips a test whose Debian tool is missing, except in CI, where it must be there.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: apt-get install %s", name, pkg)
		}
		t.Skipf("%s is missing (apt-get install %s)", name, pkg)
	}
	return p
}

// decodeQR reads the QR code in a region of an image, the way a phone's camera would.
func decodeQR(t *testing.T, img image.Image, r image.Rectangle) string {
	t.Helper()
	sub := image.NewGray(r.Sub(r.Min))
	draw.Draw(sub, sub.Bounds(), img, r.Min, draw.Src)
	bmp, err := gozxing.NewBinaryBitmapFromImage(sub)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code read in %v: %v", r, err)
	}
	return res.GetText()
}

// The printed sheet: its text is the card's, ten times, in Hangul; the second page's
// codes, rendered as a printer would and read as a phone would, open the card as print.
func TestCardSheetPrintsTenCardsWithTheirCode(t *testing.T) {
	pdftoppm := needTool(t, "pdftoppm", "poppler-utils")
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	v := newClient(t, f.srv)
	r := v.get("/c/alice/cards.pdf")
	if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") {
		t.Fatalf("cards.pdf: %d %q", r.status, r.header.Get("Content-Type"))
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "cards.pdf")
	if err := os.WriteFile(pdf, []byte(r.body), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-f", "1", "-l", "1", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	base := f.srv.Config.BaseURL.String()
	if n := strings.Count(string(out), "앨리스"); n != 10 {
		t.Errorf("the fronts show the name %d times, want 10: %q", n, out)
	}
	if n := strings.Count(string(out), base+"/c/alice"); n != 10 {
		t.Errorf("the fronts show the address %d times, want 10", n)
	}
	info, _ := exec.Command("pdfinfo", pdf).Output()
	if len(info) > 0 && !regexp.MustCompile(`Pages:\s+2\b`).Match(info) {
		t.Errorf("pdfinfo: %s", info)
	}
	// 100 dpi: a card is 354×197 px; the grid starts at 15 mm, 23.5 mm.
	if out, err := exec.Command(pdftoppm, "-f", "2", "-l", "2", "-r", "100", "-png", "-singlefile", pdf, filepath.Join(dir, "back")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "back.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	mm := func(v float64) int { return int(v * 100 / 25.4) }
	for _, cell := range []struct{ col, row int }{{0, 0}, {1, 4}} {
		x, y := 15+90*float64(cell.col), 23.5+50*float64(cell.row)
		got := decodeQR(t, img, image.Rect(mm(x), mm(y), mm(x+90), mm(y+50)))
		if got != base+"/c/alice?src=print" {
			t.Errorf("card %v's code opens %q", cell, got)
		}
	}
	// Crop marks sit outside the cards: the first card's top left corner is white, the
	// mark 4 mm above the grid is dark.
	if lum(img.At(mm(15)+2, mm(23.5)+2)) < 200 || lum(img.At(mm(15), mm(23.5-4))) > 100 {
		t.Error("the crop marks are not where the cuts go")
	}
	if r := v.get("/c/alice/cards.pdf?lang=en"); r.status != 200 {
		t.Errorf("?lang=en: %d", r.status)
	}
	if r := v.get("/c/nobody/cards.pdf"); r.status != 404 {
		t.Errorf("an unknown card's sheet: %d", r.status)
	}
}

func lum(c color.Color) uint8 { return color.GrayModel.Convert(c).(color.Gray).Y }

// The video-call background is 1080p and its QR code opens the card as background; the
// QR code of qr.svg, drawn from its path, opens it as qr.
func TestBackgroundAndQRCodesCarryTheirSource(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		v := newClient(t, f.srv)
		base := f.srv.Config.BaseURL.String()
		r := v.get("/c/alice/background.png")
		if r.status != 200 || r.header.Get("Content-Type") != "image/png" {
			t.Fatalf("background.png: %d %q", r.status, r.header.Get("Content-Type"))
		}
		img, err := png.Decode(strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		if img.Bounds().Dx() != 1920 || img.Bounds().Dy() != 1080 {
			t.Errorf("background is %v", img.Bounds())
		}
		if got := decodeQR(t, img, image.Rect(1920-500, 1080-500, 1920, 1080)); got != base+"/c/alice?src=background" {
			t.Errorf("the background's code opens %q", got)
		}
		if again := v.get("/c/alice/background.png"); again.body != r.body || again.header.Get("ETag") != r.header.Get("ETag") {
			t.Error("the background is not the same twice")
		}

		svg := v.get("/c/alice/qr.svg").body
		if got := decodeQR(t, rasterSVG(t, svg), image.Rect(0, 0, 1000, 1000)); got != base+"/c/alice?src=qr" {
			t.Errorf("qr.svg opens %q", got)
		}
		contact := v.get("/c/alice/qr.svg?contact=1").body
		if got := decodeQR(t, rasterSVG(t, contact), image.Rect(0, 0, 1000, 1000)); !regexp.MustCompile(`\nURL[^:]*:` + regexp.QuoteMeta(base+"/c/alice?src=qr-contact") + `\r\n`).MatchString(got) {
			t.Errorf("the contact QR code holds %q", got)
		}
	})
}

var svgRun = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`)

// rasterSVG draws qr.svg's path (runs of dark modules) at 8 px a module.
func rasterSVG(t *testing.T, svg string) image.Image {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 1000, 1000))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	runs := svgRun.FindAllStringSubmatch(svg, -1)
	if len(runs) == 0 {
		t.Fatalf("no modules in %.200s", svg)
	}
	for _, m := range runs {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		draw.Draw(img, image.Rect(x*8, y*8, (x+w)*8, (y+1)*8), image.Black, image.Point{}, draw.Src)
	}
	return img
}
