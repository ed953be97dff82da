package services

import (
	"context"
	"time"
)

// gate bounds how many of an expensive kind of work (a password hash, an image decode)
// run at once; each takes hundreds of megabytes for a moment, and anyone can ask for some.
type gate chan struct{}

func newGate(n int) gate { return make(gate, max(1, n)) }

// run runs fn once a slot is free, waiting at most wait; past that it returns busy.
func (g gate) run(ctx context.Context, wait time.Duration, busy error, fn func()) error {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case g <- struct{}{}:
	case <-t.C:
		return busy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g }()
	fn()
	return nil
}
