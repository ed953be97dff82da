package models

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// RateHit counts the requests of one bucket (a limit and a key, such as an address) in
// one fixed window. The counter is shared by every instance on the database.
type RateHit struct {
	bun.BaseModel `bun:"table:rate_hits"`

	Bucket      string `bun:"bucket,pk"`
	WindowStart int64  `bun:"window_start,pk"`
	Hits        int    `bun:"hits,notnull"`
}

// Hit counts one request in bucket's window and returns the window's count so far,
// this request included.
func Hit(ctx context.Context, db bun.IDB, bucket string, windowStart int64) (int, error) {
	q := upsert(db, db.NewInsert().Model(&RateHit{Bucket: bucket, WindowStart: windowStart, Hits: 1}), "bucket, window_start", nil, []string{"hits"})
	if _, err := q.Exec(ctx); err != nil {
		return 0, fmt.Errorf("models: count hit: %w", err)
	}
	var n int
	err := db.NewSelect().Model((*RateHit)(nil)).Column("hits").
		Where("bucket = ?", bucket).Where("window_start = ?", windowStart).Scan(ctx, &n)
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
