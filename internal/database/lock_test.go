package database_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/testutil"
)

func open(t *testing.T, cfg *config.Config) *bun.DB {
	t.Helper()
	db, err := database.Open(context.Background(), cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOnlyOneHolderAcrossInstances(t *testing.T) {
	cfg := testutil.Config(t, testutil.MariaDB(t))
	ctx := context.Background()
	a, b := open(t, cfg), open(t, cfg)
	noHold := func(string) time.Duration { return 0 }
	la, lb := database.NewJobLocker(a, "test-", noHold), database.NewJobLocker(b, "test-", noHold)
	held, err := la.Lock(ctx, "job")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lb.Lock(ctx, "job"); !errors.Is(err, database.ErrLockHeld) {
		t.Fatalf("second instance got the lock: %v", err)
	}
	other, err := lb.Lock(ctx, "other-job")
	if err != nil {
		t.Fatalf("another job's lock is independent: %v", err)
	}
	if err := other.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	if err := held.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	again, err := lb.Lock(ctx, "job")
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	if err := again.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
}

// A waiting Acquire blocks while another instance holds the lock, and gets it once the
// holder lets go.
func TestWaiterGetsTheLockWhenReleased(t *testing.T) {
	cfg := testutil.Config(t, testutil.MariaDB(t))
	ctx := context.Background()
	a, b := open(t, cfg), open(t, cfg)
	release, err := database.Lock(ctx, a, "wait", 0)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		r, err := database.Lock(ctx, b, "wait", 30*time.Second)
		if err == nil {
			r()
		}
		got <- err
	}()
	// Wait until the server shows the waiter blocked inside GET_LOCK: only then does "not
	// acquired yet" say anything.
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		err := a.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT GET_LOCK(%'").Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the waiter never reached GET_LOCK")
		}
		time.Sleep(10 * time.Millisecond) // polling with a deadline
	}
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

// Two sites on one MariaDB server, each with its own database, never hold each other's
// locks: lock names are scoped to the database.
func TestLocksAreScopedToTheDatabase(t *testing.T) {
	ctx := context.Background()
	a := open(t, testutil.Config(t, testutil.MariaDB(t)))
	b := open(t, testutil.Config(t, testutil.MariaDB(t)))
	release, err := database.Lock(ctx, a, "sitecard_job_refresh", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	other, err := database.Lock(ctx, b, "sitecard_job_refresh", 0)
	if err != nil {
		t.Fatalf("another database's site cannot take its own lock: %v", err)
	}
	other()
}
