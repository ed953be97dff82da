package services_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/chat"
	"sitecard/internal/config"
	"sitecard/internal/pdftext"
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

// A résumé stored before texts were kept is read apart from the indexing: while a hostile
// one is being read, another card's edit is indexed as usual; the hostile file ends with
// its reason recorded, and is not read again.
func TestUnreadResumeHoldsUpNoOtherCard(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		lim := pdftext.DefaultLimits()
		lim.Timeout = 6 * time.Second // the garbage may take all of it
		k := newSite(t, cfg, stackOptions{pdf: lim})
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		// The demo card gets a legacy résumé: 10 MB of garbage, never read.
		demo, err := k.srv.Chat.Card(ctx, "demo")
		if err != nil {
			t.Fatal(err)
		}
		name := "0123456789abcdef0123456789abcdef.pdf"
		if err := models.InsertUpload(ctx, k.srv.DB, &models.Upload{Name: name, ContentType: "application/pdf",
			Body: testutil.PDFGarbageStream(), CreatedAt: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
		if _, err := k.srv.DB.NewUpdate().Table("cards").Set("resume_path = ?", name).Set("updated_at = ?", time.Now().UTC()).
			Where("id = ?", demo.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		go k.srv.Indexer.Run(ctx)
		waitFor(t, 10*time.Second, "the demo card indexed with its résumé queued", func() bool {
			idx, err := k.srv.Indexer.Status(ctx, demo.ID)
			return err == nil && idx.Reason == services.IndexResumeUnread
		})
		// alice edits her card while the garbage is read: her index follows at once.
		if err := k.srv.Cards.UpdateProfile(ctx, services.Actor{ID: k.alice}, k.cardID, map[string]string{"name_ko": "앨리스", "job_title": "편집 중"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, 3*time.Second, "alice's edit indexed", func() bool {
			chunks, err := models.ChunksOf(ctx, k.srv.DB, k.cardID)
			return err == nil && len(chunks) > 0 && strings.Contains(chunks[0].Content, "편집 중")
		})
		// Garbage is either past repair, too slow, or (PDFium repairs what it can) a page
		// with no text: whichever, it is recorded.
		waitFor(t, 40*time.Second, "the garbage résumé given up on", func() bool {
			idx, err := k.srv.Indexer.Status(ctx, demo.ID)
			return err == nil && idx.Reason != "" && idx.Reason != services.IndexResumeUnread
		})
		if _, status, err := models.UploadText(ctx, k.srv.DB, name); err != nil || status == services.TextRead {
			t.Errorf("the garbage's status is not kept (%q, %v): it would be read again", status, err)
		}
	})
}

// waitFor polls cond until it holds, failing the test after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", d, what)
		}
		time.Sleep(20 * time.Millisecond) // polling interval; the condition decides
	}
}

// A site upgraded from the version that kept a résumé's plain text and indexed it line by
// line: at start-up, its cards' indexes are of an older format, so each résumé is read
// again, once, from its stored PDF into facts, and its card indexed anew. Meanwhile the
// old text answers as before; after, the facts do, and nothing is stale any more.
func TestUpgradeReindexesResumesFromTheirPDFs(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := chatSite(t, cfg)
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		card, err := srv.Chat.Card(ctx, "demo")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Cards.AttachFile(ctx, services.Actor{ID: 1, Admin: true}, card.ID, services.Resume, resumePDF(t, 2)); err != nil {
			t.Fatal(err)
		}
		if err := srv.Indexer.IndexStale(ctx); err != nil {
			t.Fatal(err)
		}
		// What the older version left: the page's text, and an index of format 0.
		card, err = models.CardWithContent(ctx, srv.DB, card.ID)
		if err != nil {
			t.Fatal(err)
		}
		legacy := "Experience: I kept the old ledger at Gammon Freight.\f취미: 주말마다 산악 자전거를 탑니다."
		if err := models.SetUploadText(ctx, srv.DB, card.ResumePath, &legacy, services.TextRead); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.DB.NewUpdate().Table("chat_indexes").Set("format = 0").Where("card_id = ?", card.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := srv.Indexer.Index(ctx, card.ID); err != nil { // the old index, as the old version built it
			t.Fatal(err)
		}
		if _, err := srv.DB.NewUpdate().Table("chat_indexes").Set("format = 0").Set("reason = ''").Where("card_id = ?", card.ID).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if r := ask(t, srv, "Where did you keep the old ledger?"); !strings.Contains(r.Answer, "Gammon Freight") {
			t.Fatalf("before the upgrade the old text answers: %q", r.Answer)
		}
		stale, err := models.StaleChatIndexes(ctx, srv.DB, services.IndexFormat)
		if err != nil || !slices.Contains(stale, card.ID) {
			t.Fatalf("an index of format 0 is not stale: %v %v", stale, err)
		}

		go srv.Indexer.Run(ctx) // the start-up
		waitFor(t, 30*time.Second, "the résumé read again into facts and the card indexed", func() bool {
			idx, err := srv.Indexer.Status(ctx, card.ID)
			return err == nil && idx.Format == services.IndexFormat && idx.Reason == ""
		})
		text, status, err := models.UploadText(ctx, srv.DB, card.ResumePath)
		if err != nil || status != services.TextRead || text == nil {
			t.Fatalf("after the upgrade: %v %q %v", text, status, err)
		}
		facts, ok := chat.DecodeFacts(*text)
		if !ok || len(facts) == 0 {
			t.Fatalf("the stored text is not the PDF's facts: %.200q", *text)
		}
		srv.Chat.Forget(card.ID)
		if r := ask(t, srv, "What did you build at Acme Robotics?"); !strings.Contains(r.Answer, "payments platform") {
			t.Errorf("after the upgrade the PDF's facts answer: %q", r.Answer)
		}
		if r := ask(t, srv, "Where did you keep the old ledger?"); !strings.HasPrefix(r.Answer, "I don't know") {
			t.Errorf("after the upgrade the old text still answers: %q", r.Answer)
		}
		if stale, err := models.StaleChatIndexes(ctx, srv.DB, services.IndexFormat); err != nil || len(stale) != 0 {
			t.Errorf("still stale after the upgrade (it would be read again): %v %v", stale, err)
		}
	})
}
