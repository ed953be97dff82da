package database_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/sqliteshim"

	"sitecard/internal/database"
	"sitecard/internal/testutil"
)

// The embedded database is modernc.org/sqlite, pure Go: the static build (CGO_ENABLED=0)
// can only use it, and the SQLite URL's parameters (_pragma=…) are its own.
func TestSQLiteIsThePureGoDriver(t *testing.T) {
	if name := sqliteshim.DriverName(); name != "sqlite" {
		t.Errorf("sqliteshim chose %q; build without the cgosqlite tag to get modernc.org/sqlite", name)
	}
}

// A restart that overlaps the old process opens the same new SQLite file from several
// processes at once: each waits its turn, none fails to start, and the file ends in WAL.
func TestSQLiteOpenedAtOnceFromManyStartsEveryTime(t *testing.T) {
	for round := range 20 {
		cfg := testutil.Config(t, "sqlite://"+filepath.Join(t.TempDir(), "t.db"))
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		dbs := make(chan *bun.DB, 4)
		for range 4 {
			wg.Go(func() {
				db, err := database.Open(context.Background(), cfg.Dialect, cfg.DSN)
				if err != nil {
					errs <- err
					return
				}
				dbs <- db
			})
		}
		wg.Wait()
		close(errs)
		close(dbs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
		for db := range dbs {
			var mode string
			if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
				t.Errorf("journal_mode = %q, %v", mode, err)
			}
			db.Close()
		}
	}
}

// Down tells an outage from a refused statement by what the error is.
func TestDownTellsOutagesFromRefusals(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+filepath.Join(t.TempDir(), "t.db"))
	ctx := context.Background()
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	_, syntax := db.ExecContext(ctx, "SELEC 1")
	if syntax == nil || database.Down(syntax) {
		t.Errorf("a syntax error counts as an outage: %v", syntax)
	}
	// Another process holds the write lock past the busy timeout.
	holder, err := sql.Open("sqlite", filepath.Join(filepath.Dir(cfg.DSN[len("file:"):]), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithCancel(ctx)
	defer cancel()
	busy, err := sql.Open("sqlite", "file:"+filepath.Join(filepath.Dir(cfg.DSN[len("file:"):]), "t.db")+"?_pragma=busy_timeout(10)")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	_, locked := busy.ExecContext(short, "CREATE TABLE x (id INTEGER)")
	if locked == nil || !database.Down(locked) {
		t.Errorf("a file locked past the busy timeout is not an outage: %v", locked)
	}
	conn.ExecContext(ctx, "ROLLBACK") //nolint:errcheck
	conn.Close()
	db.Close()
	if _, closed := db.ExecContext(ctx, "SELECT 1"); closed == nil || !database.Down(closed) {
		t.Errorf("a closed pool is not an outage: %v", closed)
	}
}
