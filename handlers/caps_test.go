package handlers_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// sized makes a file of exactly n bytes with grow, which makes a valid file padded by k
// bytes (k ≥ 0); it fails the test if no padding gives n.
func sized(t *testing.T, n int, grow func(k int) []byte) []byte {
	t.Helper()
	k := 0
	for range 4 {
		b := grow(k)
		if len(b) == n {
			return b
		}
		k += n - len(b)
		if k < 0 {
			t.Fatalf("the smallest file is already %d bytes, past %d", len(b), n)
		}
	}
	t.Fatalf("no padding makes a file of %d bytes", n)
	return nil
}

// paddedPNG is a small photo with a private ancillary chunk of k bytes, which decoders skip.
func paddedPNG(t *testing.T, k int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := range 64 {
		img.Set(x, x, color.RGBA{20, 120, 200, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	end := len(raw) - 12 // the IEND chunk
	pad := make([]byte, max(0, k-12))
	var chunk bytes.Buffer
	chunk.Write(binary.BigEndian.AppendUint32(nil, uint32(len(pad))))
	chunk.WriteString("scPd")
	chunk.Write(pad)
	chunk.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(append([]byte("scPd"), pad...))))
	if k < 12 {
		return raw // no chunk is smaller than 12 bytes; sized asks again
	}
	return append(append(append([]byte(nil), raw[:end]...), chunk.Bytes()...), raw[end:]...)
}

// paddedPDF is a one-page résumé whose keywords take k bytes (written as they are, so
// that the file grows by exactly k).
func paddedPDF(t *testing.T, k int) []byte {
	return testutil.FPDF(t, func(pdf *fpdf.Fpdf) {
		pdf.SetKeywords(strings.Repeat("k", k), false)
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 12)
		pdf.MultiCell(0, 7, "Experience: Acme Robotics, 2019 - 2024", "", "", false)
	})
}

// paddedResume is a JSON Resume followed by k spaces, which JSON allows.
func paddedResume(k int) []byte {
	return append([]byte(`{"basics":{"name":"크기 시험","label":"Engineer"}}`), bytes.Repeat([]byte(" "), k)...)
}

// Issue 24 §5: each size cap, at its size and one byte past it. A photo of exactly 5 MB
// and a résumé of exactly 10 MB are stored; one byte more is refused with the cap in the
// message. A JSON Resume file of exactly 1 MB makes a card and previews in the editor; one
// byte more is refused, and nothing is stored.
func TestSizeCapsAreExact(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		card := "/admin/cards/" + itoa(f.cardID)
		c.get(card)
		for _, tc := range []struct {
			name, path, field, file string
			limit                   int
			make                    func(k int) []byte
			refusal                 string
		}{
			{"photo", card + "/photo", "photo", "me.png", services.MaxPhotoBytes, func(k int) []byte { return paddedPNG(t, k) }, "파일은 5MB 이하여야 합니다."},
			{"résumé", card + "/resume", "resume", "cv.pdf", services.MaxResumeBytes, func(k int) []byte { return paddedPDF(t, k) }, "파일은 10MB 이하여야 합니다."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				at := sized(t, tc.limit, tc.make)
				over := append(append([]byte(nil), at...), ' ')
				before, _ := f.srv.Cards.Editable(t.Context(), services.Actor{ID: f.aliceID}, f.cardID)
				if r := c.upload(tc.path, tc.field, tc.file, over); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, tc.refusal) {
					t.Errorf("%d bytes: %d, want 422 with %q", len(over), r.status, tc.refusal)
				}
				after, _ := f.srv.Cards.Editable(t.Context(), services.Actor{ID: f.aliceID}, f.cardID)
				if after.PhotoPath != before.PhotoPath || after.ResumePath != before.ResumePath {
					t.Error("the refused file was stored")
				}
				if r := c.upload(tc.path, tc.field, tc.file, at); r.status != http.StatusSeeOther {
					t.Errorf("%d bytes, at the cap: %d, want 303 %.300s", len(at), r.status, r.body)
				}
				stored, _ := f.srv.Cards.Editable(t.Context(), services.Actor{ID: f.aliceID}, f.cardID)
				if stored.PhotoPath == before.PhotoPath && stored.ResumePath == before.ResumePath {
					t.Error("the file at the cap was not stored")
				}
			})
		}
		t.Run("JSON Resume", func(t *testing.T) {
			at := sized(t, services.MaxResumeJSONBytes, paddedResume)
			over := append(append([]byte(nil), at...), ' ')
			c.get("/admin")
			if r := importResume(t, c, "too-big", "", over); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "파일이 1MB보다 큽니다.") {
				t.Errorf("a new card from %d bytes: %d, want 422 saying it is past 1 MB", len(over), r.status)
			}
			if r := importResume(t, c, "at-the-cap", "", at); r.status != http.StatusSeeOther {
				t.Errorf("a new card from %d bytes: %d, want 303", len(at), r.status)
			}
			c.get(card)
			if r := multipartImport(t, c, card+"/import", "append", over); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "파일이 1MB보다 큽니다.") {
				t.Errorf("the editor's preview of %d bytes: %d", len(over), r.status)
			}
			if r := multipartImport(t, c, card+"/import", "append", at); r.status != http.StatusOK || !strings.Contains(r.body, `id="import-preview"`) {
				t.Errorf("the editor's preview of %d bytes: %d", len(at), r.status)
			}
			list, err := f.srv.Cards.Find(t.Context(), services.Actor{ID: f.aliceID}, "", 1, 50)
			if err != nil {
				t.Fatal(err)
			}
			for _, card := range list.Cards {
				if card.Slug == "too-big" {
					t.Error("the file past the cap made a card")
				}
			}
		})
	})
}
