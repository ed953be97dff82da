package services_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

// nanumFont is the CJK TrueType font .ci/run installs from Debian's fonts-nanum.
const nanumFont = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"

// resumePDF writes a résumé of several pages: English on the first, filler between, and
// Korean (in a CJK font) on the last.
func resumePDF(t *testing.T, pages int) []byte {
	t.Helper()
	font, err := os.ReadFile(nanumFont)
	testutil.Require(t, err == nil, "the Korean test font is missing (apt-get install fonts-nanum)")
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("nanum", "", font)
	pdf.SetFont("nanum", "", 12)
	pdf.AddPage()
	pdf.MultiCell(0, 7, "Experience: I built the payments platform at Acme Robotics from 2019 to 2022.", "", "", false)
	for i := 2; i < pages; i++ {
		pdf.AddPage()
		pdf.MultiCell(0, 7, strings.Repeat("Page filler about nothing in particular. ", 40), "", "", false)
	}
	pdf.AddPage()
	pdf.MultiCell(0, 7, "취미: 주말마다 산악 자전거를 타고 전통 요리를 배웁니다.", "", "", false)
	var b bytes.Buffer
	if err := pdf.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// An uploaded résumé is read with the PDF loader, split, and answered from, in English
// and in Korean.
func TestResumePDFIsIndexed(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := chatSite(t, cfg)
		ctx := context.Background()
		card, err := srv.Chat.Card(ctx, "demo")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Cards.AttachFile(ctx, services.Actor{ID: 1, Admin: true}, card.ID, services.Resume, resumePDF(t, 5)); err != nil {
			t.Fatal(err)
		}
		if err := srv.Indexer.IndexStale(ctx); err != nil {
			t.Fatal(err)
		}
		idx, err := srv.Indexer.Status(ctx, card.ID)
		if err != nil || idx.LastError != "" || idx.Chunks < 3 {
			t.Fatalf("index after the upload: %+v %v", idx, err)
		}
		chunks, err := models.ChunksOf(ctx, srv.DB, card.ID)
		if err != nil {
			t.Fatal(err)
		}
		fromResume := 0
		for _, c := range chunks {
			if c.Source == models.ChunkFromResume {
				fromResume++
				if n := len([]rune(c.Content)); n > 1000 {
					t.Errorf("a chunk of %d characters", n)
				}
			}
		}
		if fromResume < 2 {
			t.Errorf("%d chunks from the résumé", fromResume)
		}
		if r := ask(t, srv, "What did you build at Acme Robotics?"); !strings.Contains(r.Answer, "payments platform") {
			t.Errorf("English résumé answer: %q", r.Answer)
		}
		if r := ask(t, srv, "취미가 뭐예요?"); !strings.Contains(r.Answer, "산악 자전거") {
			t.Errorf("Korean résumé answer: %q", r.Answer)
		}
	})
}
