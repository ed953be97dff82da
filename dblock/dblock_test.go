package dblock_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"sitecard/config"
	"sitecard/database"
	"sitecard/dblock"
	"sitecard/testutil"
)

func TestOnlyOneHolderAcrossInstances(t *testing.T) {
	cfg := testutil.Config(t, testutil.MariaDB(t))
	ctx := context.Background()
	a, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, _ := database.Open(ctx, config.MariaDB, cfg.DSN)
	defer b.Close()
	la, lb := dblock.NewLocker(a, "test-"), dblock.NewLocker(b, "test-")
	held, err := la.Lock(ctx, "job")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lb.Lock(ctx, "job"); !errors.Is(err, dblock.ErrHeld) {
		t.Fatalf("second instance got the lock: %v", err)
	}
	if _, err := lb.Lock(ctx, "other-job"); err != nil {
		t.Errorf("another job's lock is independent: %v", err)
	}
	held.Unlock(ctx) //nolint:errcheck
	again, err := lb.Lock(ctx, "job")
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	again.Unlock(ctx) //nolint:errcheck
	// A waiting Acquire gets the lock once the holder lets go.
	release, _ := dblock.Acquire(ctx, a, "wait", 0)
	got := make(chan error, 1)
	go func() {
		r, err := dblock.Acquire(ctx, b, "wait", 10*time.Second)
		if err == nil {
			r()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("acquired while held: %v", err)
	default:
	}
	release()
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("waiting acquire: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the waiter never got the lock")
	}
}
