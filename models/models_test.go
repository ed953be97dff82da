package models_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"

	"github.com/uptrace/bun"
)

// The upserts' two forms on both dialects: counters add the new row's value, and replaced
// columns take it.
func TestUpsertAddsAndReplaces(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		db := testutil.DB(t, cfg)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		card := &models.Card{Slug: "c", NameKo: "카드", CreatedAt: now, UpdatedAt: now}
		if err := models.InsertCard(ctx, db, card); err != nil {
			t.Fatal(err)
		}
		day := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
		for _, n := range []int64{3, 4} {
			if err := models.AddPageViews(ctx, db, card.ID, day, n); err != nil {
				t.Fatal(err)
			}
		}
		views, err := models.ViewsPerCard(ctx, db, 0)
		if err != nil || views[card.ID] != 7 {
			t.Errorf("views %v %v, want 7", views, err)
		}
		// The site's total per day goes up with the card's.
		if days, err := models.ViewsPerDay(ctx, db, 0, day); err != nil || len(days) != 1 || days[0].Views != 7 {
			t.Errorf("site views per day %+v %v, want 7 on one day", days, err)
		}
		for _, r := range []*models.JobRun{
			{Name: "job", Schedule: "every 10m", LastResult: "error", LastError: "boom", Reason: models.ReasonNetwork},
			{Name: "job", Schedule: "every 5m", LastResult: "ok"},
		} {
			if err := models.SaveJobRun(ctx, db, r); err != nil {
				t.Fatal(err)
			}
		}
		if r, err := models.JobRunByName(ctx, db, "job"); err != nil || r.Schedule != "every 5m" || r.LastError != "" || r.Reason != models.ReasonNone {
			t.Errorf("job run after the second save: %+v %v", r, err)
		}
		for _, v := range []string{"first", "second"} {
			if err := models.PutSession(ctx, db, "k1", []byte(v), now.Add(time.Hour).Unix()); err != nil {
				t.Fatal(err)
			}
		}
		if v, err := models.GetSession(ctx, db, "k1", now); err != nil || string(v) != "second" {
			t.Errorf("session %q %v, want the second value", v, err)
		}
	})
}

// A file at the upload limit is stored whole on both databases: on MariaDB past the
// server's default max_allowed_packet once written into a statement.
func TestLargeUploadIsStoredWhole(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		db := testutil.DB(t, cfg)
		ctx := context.Background()
		body := bytes.Repeat([]byte("%PDF-1.7 résumé "), (10<<20)/17)
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			return models.InsertUpload(ctx, tx, &models.Upload{Name: "big.pdf", ContentType: "application/pdf", Body: body, CreatedAt: time.Now().UTC()})
		})
		if err != nil {
			t.Fatal(err)
		}
		u, err := models.UploadByName(ctx, db, "big.pdf")
		if err != nil || !bytes.Equal(u.Body, body) {
			t.Fatalf("stored %d bytes of %d (%v)", len(u.Body), len(body), err)
		}
	})
}
