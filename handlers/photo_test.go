package handlers_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

// pngHeader is a PNG that claims width×height 16-bit RGBA pixels and carries none: what a
// decompression bomb's header says before it would cost gigabytes to decode.
func pngHeader(width, height uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		b.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
		b.WriteString(kind)
		b.Write(data)
		b.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(append([]byte(kind), data...))))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], width)
	binary.BigEndian.PutUint32(ihdr[4:], height)
	ihdr[8], ihdr[9] = 16, 6 // 16 bits per sample, RGBA
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return b.Bytes()
}

var mediaSrc = regexp.MustCompile(`<img class="u-photo" src="(/media/[a-f0-9]{32}\.(?:jpg|png))"`)

// Photos: a huge image is refused from its header before decoding; any other is stored
// at display size without its metadata; every instance on the database serves it.
func TestPhotosAreCheckedShrunkAndShared(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		card := "/admin/cards/" + itoa(f.cardID)
		c.get(card)
		if r := c.upload(card+"/photo", "photo", "bomb.png", pngHeader(6300, 6300)); r.status != 422 || !strings.Contains(r.body, "이미지가 너무 큽니다") {
			t.Errorf("a 6300×6300 16-bit header: %d", r.status)
		}
		// A 2000×1200 JPEG carrying EXIF metadata.
		img := image.NewRGBA(image.Rect(0, 0, 2000, 1200))
		for x := range 2000 {
			img.Set(x, x%1200, color.RGBA{200, 30, 90, 255})
		}
		var jb bytes.Buffer
		if err := jpeg.Encode(&jb, img, nil); err != nil {
			t.Fatal(err)
		}
		exif := append([]byte{0xff, 0xe1, 0, 22}, []byte("Exif\x00\x00GPS 37.5665N 126.9780E")...)
		withExif := append(append(append([]byte{}, jb.Bytes()[:2]...), exif...), jb.Bytes()[2:]...)
		if r := c.upload(card+"/photo", "photo", "me.jpg", withExif); r.status != http.StatusSeeOther {
			t.Fatalf("photo: %d %.200s", r.status, r.body)
		}
		m := mediaSrc.FindStringSubmatch(newClient(t, f.srv).get("/c/alice").body)
		if m == nil {
			t.Fatal("no photo on the card")
		}
		// Another instance on the same database serves it.
		cfg2 := *cfg
		cfg2.DataDir = t.TempDir()
		other := testsite.Server(t, &cfg2)
		r := newClient(t, other).get(m[1])
		if r.status != 200 || r.header.Get("ETag") == "" || !strings.Contains(r.header.Get("Cache-Control"), "immutable") {
			t.Fatalf("the other instance: %d %v", r.status, r.header)
		}
		if strings.Contains(r.body, "Exif") || strings.Contains(r.body, "126.9780E") {
			t.Error("the stored photo kept its metadata")
		}
		stored, _, err := image.DecodeConfig(strings.NewReader(r.body))
		if err != nil || stored.Width != 800 || stored.Height != 480 {
			t.Errorf("stored photo %dx%d (%v), want 800x480", stored.Width, stored.Height, err)
		}
		if again := newClient(t, other).get(m[1], "If-None-Match", r.header.Get("ETag")); again.status != http.StatusNotModified {
			t.Errorf("revalidation: %d", again.status)
		}
	})
}

// Files that earlier versions kept in DATA_DIR/uploads move into the database at start-up.
func TestUploadFolderMovesIntoTheDatabase(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
			t.Fatal(err)
		}
		name := strings.Repeat("ab", 16) + ".png"
		if err := os.MkdirAll(cfg.MediaDir(), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cfg.MediaDir(), name), b.Bytes(), 0o640); err != nil {
			t.Fatal(err)
		}
		srv := testsite.Server(t, cfg, server.WithFastPasswordHashing())
		if r := do(t, srv, "GET", "/media/"+name); r.status != 200 || r.body != b.String() {
			t.Fatalf("moved file: %d", r.status)
		}
		if err := os.Remove(filepath.Join(cfg.MediaDir(), name)); err != nil {
			t.Fatal(err)
		}
		if r := do(t, srv, "GET", "/media/"+name); r.status != 200 {
			t.Errorf("served from the folder, not the database: %d", r.status)
		}
	})
}
