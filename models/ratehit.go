package models

import (
	"context"
	"fmt"

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

// Hit counts one request of bucket in the slice of time that starts at sliceStart (Unix
// seconds), and returns the bucket's requests in the slices from since on, this one
// included. The increment and the reading of the slice's count are one statement, so that
// of simultaneous requests each sees its own count and no two see the same; the earlier
// slices are closed, so summing them needs no lock.
func Hit(ctx context.Context, db bun.IDB, bucket string, sliceStart, since int64) (int, error) {
	var cur, prev int
	if db.Dialect().Name() == dialect.MySQL {
		// LAST_INSERT_ID(expr) keeps the new count for this connection to read back.
		conn, err := pin(ctx, db)
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		_, err = conn.ExecContext(ctx, "INSERT INTO rate_hits (bucket, window_start, hits) VALUES (?, ?, LAST_INSERT_ID(1)) "+
			"ON DUPLICATE KEY UPDATE hits = LAST_INSERT_ID(hits + 1)", bucket, sliceStart)
		if err == nil {
			err = conn.QueryRowContext(ctx, "SELECT LAST_INSERT_ID(), COALESCE(SUM(hits), 0) FROM rate_hits "+
				"WHERE bucket = ? AND window_start >= ? AND window_start < ?", bucket, since, sliceStart).Scan(&cur, &prev)
		}
		if err != nil {
			return 0, fmt.Errorf("models: count hit: %w", err)
		}
		return cur + prev, nil
	}
	err := db.QueryRowContext(ctx, "INSERT INTO rate_hits (bucket, window_start, hits) VALUES (?, ?, 1) "+
		"ON CONFLICT (bucket, window_start) DO UPDATE SET hits = hits + 1 RETURNING hits", bucket, sliceStart).Scan(&cur)
	if err == nil {
		err = db.QueryRowContext(ctx, "SELECT COALESCE(SUM(hits), 0) FROM rate_hits WHERE bucket = ? AND window_start >= ? AND window_start < ?",
			bucket, since, sliceStart).Scan(&prev)
	}
	if err != nil {
		return 0, fmt.Errorf("models: count hit: %w", err)
	}
	return cur + prev, nil
}

// pin returns one connection of db's pool (or db itself inside a transaction, which is
// one connection already), for statements that must share a session.
func pin(ctx context.Context, db bun.IDB) (interface {
	bun.IDB
	Close() error
}, error) {
	if d, ok := db.(*bun.DB); ok {
		c, err := d.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("models: connection: %w", err)
		}
		return c, nil
	}
	return nopClose{db}, nil
}

type nopClose struct{ bun.IDB }

func (nopClose) Close() error { return nil }

// DeleteOldHits forgets windows that started before a time (Unix seconds).
func DeleteOldHits(ctx context.Context, db bun.IDB, before int64) error {
	_, err := db.NewDelete().Model((*RateHit)(nil)).Where("window_start < ?", before).Exec(ctx)
	return err
}
