package services

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"sitecard/config"
	"sitecard/models"
)

// Limiter counts requests per key over a sliding window, in the database, so that a limit
// holds across every instance. The window is counted in sixty slices, so it slides in
// steps of a sixtieth of its length.
type Limiter struct {
	db  bun.IDB
	now func() time.Time
}

// NewLimiter returns a limiter on db.
func NewLimiter(db bun.IDB) *Limiter { return &Limiter{db: db, now: time.Now} }

// WithClock replaces the clock (tests).
func (l *Limiter) WithClock(now func() time.Time) *Limiter { l.now = now; return l }

// Allow counts one request of key under the limit named name, and returns
// ErrRateLimited once the window's count passes r.N. A zero rate allows everything.
func (l *Limiter) Allow(ctx context.Context, name, key string, r config.Rate) error {
	if r.N <= 0 || r.Window <= 0 {
		return nil
	}
	now := l.now().UTC()
	slice := max(r.Window/60, time.Second)
	start, since := now.Truncate(slice).Unix(), now.Add(-r.Window).Truncate(slice).Add(slice).Unix()
	n, err := models.Hit(ctx, l.db, truncate(name+":"+key, 191), start, since)
	if err != nil {
		return err
	}
	if n > r.N {
		return ErrRateLimited
	}
	return nil
}

// Sweep forgets windows older than a day; the session sweep job runs it.
func (l *Limiter) Sweep(ctx context.Context) error {
	return models.DeleteOldHits(ctx, l.db, l.now().Add(-24*time.Hour).Unix())
}
