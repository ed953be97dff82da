package budget_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"sitecard/internal/budget"
)

var errBusy = errors.New("busy")

// Work waits for its share while the budget is held, and is told busy once it has waited
// long enough; work larger than the budget still runs, alone; a request that ends while
// waiting gets its own error, not busy.
func TestBudgetRunsWhatFitsAndRefusesWhatWaitedTooLong(t *testing.T) {
	b := budget.New(100)
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- b.Run(context.Background(), 80, time.Second, errBusy, func() { close(held); <-release })
	}()
	<-held
	ran := false
	if err := b.Run(context.Background(), 30, 10*time.Millisecond, errBusy, func() { ran = true }); !errors.Is(err, errBusy) || ran {
		t.Errorf("30 of 100 with 80 held: %v, ran %v; want busy without running", err, ran)
	}
	if err := b.Run(context.Background(), 20, time.Second, errBusy, func() { ran = true }); err != nil || !ran {
		t.Errorf("20 of 100 with 80 held: %v, ran %v; want it run", err, ran)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Run(ctx, 30, time.Second, errBusy, func() {}); !errors.Is(err, context.Canceled) {
		t.Errorf("an ended request: %v, want context.Canceled", err)
	}
	// Work larger than the whole budget waits for all of it, then runs.
	big := make(chan error, 1)
	go func() { big <- b.Run(context.Background(), 1000, 5*time.Second, errBusy, func() {}) }()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-big; err != nil {
		t.Errorf("work larger than the budget: %v, want it run once the budget is free", err)
	}
}
