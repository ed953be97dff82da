package models

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// RateHit counts the requests of one bucket (a limit and a key, such as an address) in
// one slice of time. The counter is shared by every instance on the database.
type RateHit struct {
	bun.BaseModel `bun:"table:rate_hits"`

	Bucket      string `bun:"bucket,pk"`
	WindowStart int64  `bun:"window_start,pk"`
	Hits        int    `bun:"hits,notnull"`
}

// HitKey names one count to take: the bucket, the slice of time the request falls in
// (Unix seconds) and the start of the bucket's window (the first slice that counts).
type HitKey struct {
	Bucket      string
	Slice       int64
	WindowStart int64
}

// Hit counts one request in each of the buckets (which must differ), and returns each
// bucket's requests in its window, this one included. It is one statement: the increment
// and the reading of the slice's count are atomic, so of simultaneous requests each sees
// its own count and no two see the same; the earlier slices of the window are closed, so
// summing them in the same statement needs no lock.
func Hit(ctx context.Context, db bun.IDB, keys ...HitKey) ([]int, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	var sql strings.Builder
	args := make([]any, 0, 4*len(keys))
	sql.WriteString("INSERT INTO rate_hits (bucket, window_start, hits) VALUES ")
	for i, k := range keys {
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString("(?, ?, 1)")
		args = append(args, k.Bucket, k.Slice)
	}
	if db.Dialect().Name() == dialect.MySQL {
		sql.WriteString(" ON DUPLICATE KEY UPDATE hits = hits + 1")
	} else {
		sql.WriteString(" ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1")
	}
	sql.WriteString(" RETURNING bucket, hits + (SELECT COALESCE(SUM(p.hits), 0) FROM rate_hits p" +
		" WHERE p.bucket = rate_hits.bucket AND p.window_start < rate_hits.window_start AND p.window_start >= CASE rate_hits.bucket")
	for _, k := range keys {
		sql.WriteString(" WHEN ? THEN ?")
		args = append(args, k.Bucket, k.WindowStart)
	}
	sql.WriteString(" END)")
	rows, err := db.QueryContext(ctx, sql.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("models: count hits: %w", err)
	}
	defer rows.Close()
	counts := make(map[string]int, len(keys))
	for rows.Next() {
		var bucket string
		var n int
		if err := rows.Scan(&bucket, &n); err != nil {
			return nil, fmt.Errorf("models: count hits: %w", err)
		}
		counts[bucket] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("models: count hits: %w", err)
	}
	out := make([]int, len(keys))
	for i, k := range keys {
		n, ok := counts[k.Bucket]
		if !ok {
			return nil, fmt.Errorf("models: count hits: no count came back for %q", k.Bucket)
		}
		out[i] = n
	}
	return out, nil
}

// UnHit takes back one request counted in a bucket's slice.
func UnHit(ctx context.Context, db bun.IDB, k HitKey) error {
	_, err := db.NewUpdate().Model((*RateHit)(nil)).Set("hits = hits - 1").
		Where("bucket = ? AND window_start = ? AND hits > 0", k.Bucket, k.Slice).Exec(ctx)
	return err
}

// DeleteHits forgets every count of one bucket.
func DeleteHits(ctx context.Context, db bun.IDB, bucket string) error {
	_, err := db.NewDelete().Model((*RateHit)(nil)).Where("bucket = ?", bucket).Exec(ctx)
	return err
}

// DeleteOldHits forgets windows that started before a time (Unix seconds).
func DeleteOldHits(ctx context.Context, db bun.IDB, before int64) error {
	_, err := db.NewDelete().Model((*RateHit)(nil)).Where("window_start < ?", before).Exec(ctx)
	return err
}
