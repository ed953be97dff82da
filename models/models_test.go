package models_test

import (
	"context"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
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
