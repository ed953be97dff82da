package services_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"sitecard/internal/chat"
	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

// A résumé whose facts an older reading made (an older chat.FactsFormat) is read again
// from its PDF once, after an upgrade that changes the reading; until then its old facts
// answer, as facts (never their stored JSON).
func TestUpgradeReadsFactsOfAnOlderReadingAgain(t *testing.T) {
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
		card, err = models.CardWithContent(ctx, srv.DB, card.ID)
		if err != nil {
			t.Fatal(err)
		}
		// What the older reading stored: facts of format 2.
		old := `{"format":2,"facts":[{"section":"Experience","text":"I kept the old ledger at Gammon Freight.","kind":"sentence","page":1}]}`
		if err := models.SetUploadText(ctx, srv.DB, card.ResumePath, &old, services.TextRead); err != nil {
			t.Fatal(err)
		}
		if chat.CurrentFacts(old) {
			t.Fatal("facts of format 2 are current")
		}
		if err := srv.Indexer.Index(ctx, card.ID); err != nil {
			t.Fatal(err)
		}
		srv.Chat.Forget(card.ID)
		r := ask(t, srv, "Where did you keep the old ledger?")
		if !strings.Contains(r.Answer, "Gammon Freight") || strings.Contains(r.Answer, `"section"`) || strings.Contains(r.Answer, "{") {
			t.Fatalf("until it is read again the old facts answer, as facts: %q", r.Answer)
		}

		go srv.Indexer.Run(ctx) // the start-up: reads the résumé again, then indexes the card
		waitFor(t, 30*time.Second, "the résumé read again and the card indexed", func() bool {
			text, _, err := models.UploadText(ctx, srv.DB, card.ResumePath)
			idx, ierr := srv.Indexer.Status(ctx, card.ID)
			return err == nil && text != nil && chat.CurrentFacts(*text) && ierr == nil && idx.Reason == ""
		})
		srv.Chat.Forget(card.ID)
		if r := ask(t, srv, "What did you build at Acme Robotics?"); !strings.Contains(r.Answer, "payments platform") {
			t.Errorf("after the upgrade the PDF's facts answer: %q", r.Answer)
		}
		if r := ask(t, srv, "Where did you keep the old ledger?"); !strings.HasPrefix(r.Answer, "I don't know") {
			t.Errorf("after the upgrade the old facts still answer: %q", r.Answer)
		}
	})
}
