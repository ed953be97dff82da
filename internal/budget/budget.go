package budget

import (
	"context"
	"time"

	"golang.org/x/sync/semaphore"
)

// Budget is the memory that the expensive work anyone can ask for may take at once:
// password hashes (argon2id takes its memory cost for each) and photo decodes (a
// 24-megapixel image takes about 180 MB to decode and scale). Each piece of work reserves
// what it will use, and waits for it; the site's memory under a flood of them stays near
// the budget instead of growing with the flood.
type Budget struct {
	sem   *semaphore.Weighted
	total int64
}

// Default is the site's budget: two sign-ins, or one large photo, at once.
const Default = 128 << 20

// New returns a budget of bytes.
func New(bytes int64) *Budget {
	return &Budget{sem: semaphore.NewWeighted(bytes), total: bytes}
}

// Run runs fn once need bytes of the budget are free, waiting at most wait; past that it
// returns busy (or ctx's error if ctx ended first). Work larger than the whole budget
// takes all of it.
func (b *Budget) Run(ctx context.Context, need int64, wait time.Duration, busy error, fn func()) error {
	need = min(max(need, 1), b.total)
	wctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if err := b.sem.Acquire(wctx, need); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return busy
	}
	defer b.sem.Release(need)
	fn()
	return nil
}
