package models_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
)

// Simultaneous hits on one bucket each see their own count: 1 to n, none twice, on both
// databases. Earlier slices of the window add to the count; slices before it do not.
func TestHitCountsEachRequestOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		db := testutil.DB(t, cfg)
		ctx := context.Background()
		const n = 20
		counts := make([]int, 0, n)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				got, err := models.Hit(ctx, db, models.HitKey{Bucket: "ip:1", Slice: 600, WindowStart: 600})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					t.Error(err)
					return
				}
				counts = append(counts, got[0])
			})
		}
		wg.Wait()
		slices.Sort(counts)
		for i, c := range counts {
			if c != i+1 {
				t.Fatalf("counts %v, want 1 to %d each once", counts, n)
			}
		}
		// The next slice of the same window sees the earlier one; a window that starts
		// after it does not. Two buckets in one statement count apart.
		got, err := models.Hit(ctx, db,
			models.HitKey{Bucket: "ip:1", Slice: 660, WindowStart: 600},
			models.HitKey{Bucket: "card:1", Slice: 660, WindowStart: 660})
		if err != nil || !slices.Equal(got, []int{n + 1, 1}) {
			t.Fatalf("window sums: %v %v, want [%d 1]", got, err, n+1)
		}
		if got, err := models.Hit(ctx, db, models.HitKey{Bucket: "ip:1", Slice: 720, WindowStart: 700}); err != nil || got[0] != 1 {
			t.Errorf("a later window counts the old slices: %v %v", got, err)
		}
		// A hit taken back is gone from the count.
		if err := models.UnHit(ctx, db, models.HitKey{Bucket: "card:1", Slice: 660}); err != nil {
			t.Fatal(err)
		}
		if got, err := models.Hit(ctx, db, models.HitKey{Bucket: "card:1", Slice: 660, WindowStart: 660}); err != nil || got[0] != 1 {
			t.Errorf("after taking one back: %v %v", got, err)
		}
		if err := models.DeleteOldHits(ctx, db, 700); err != nil {
			t.Fatal(err)
		}
		if got, err := models.Hit(ctx, db, models.HitKey{Bucket: "ip:1", Slice: 660, WindowStart: 600}); err != nil || got[0] != 1 {
			t.Errorf("old windows still count after they were deleted: %v %v", got, err)
		}
	})
}
