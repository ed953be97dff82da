package models

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// RateHit counts the requests of one bucket (a limit and a key, such as an address) in
// one slice of time. The counter is shared by every instance on the database.
type RateHit struct {
	bun.BaseModel `bun:"table:rate_hits"`

	Bucket      string `bun:"bucket,pk"`
	WindowStart int64  `bun:"window_start,pk"`
	Hits        int    `bun:"hits,notnull"`
}

// Hit counts one request of bucket in the slice of time that starts at sliceStart (Unix
// seconds), and returns the bucket's requests in the slices from since on, this one
// included. Run it in a transaction, so the count and the increment are one step.
func Hit(ctx context.Context, db bun.IDB, bucket string, sliceStart, since int64) (int, error) {
	q := upsert(db, db.NewInsert().Model(&RateHit{Bucket: bucket, WindowStart: sliceStart, Hits: 1}), "bucket, window_start", nil, []string{"hits"})
	if _, err := q.Exec(ctx); err != nil {
		return 0, fmt.Errorf("models: count hit: %w", err)
	}
	var n int
	err := db.NewSelect().Model((*RateHit)(nil)).ColumnExpr("COALESCE(SUM(hits), 0)").
		Where("bucket = ?", bucket).Where("window_start >= ?", since).Scan(ctx, &n)
	if err != nil {
		return 0, fmt.Errorf("models: read hits: %w", err)
	}
	return n, nil
}

// DeleteOldHits forgets windows that started before a time (Unix seconds).
func DeleteOldHits(ctx context.Context, db bun.IDB, before int64) error {
	_, err := db.NewDelete().Model((*RateHit)(nil)).Where("window_start < ?", before).Exec(ctx)
	return err
}
