package migrations_test

import (
	"context"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/testutil"
	"sitecard/migrations"
)

func TestBothDialectsHaveTheSameMigrations(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(os.DirFS("."), dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		sort.Strings(out)
		return out
	}
	sq, my := names("sqlite"), names("mysql")
	if strings.Join(sq, ",") != strings.Join(my, ",") {
		t.Fatalf("sqlite has %v, mysql has %v", sq, my)
	}
}

func TestUpStatusDownUp(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		ctx := context.Background()
		db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		m, err := migrations.New(db, cfg.MigrationLockFile())
		if err != nil {
			t.Fatal(err)
		}
		n, err := m.Up(ctx)
		if err != nil || n == 0 {
			t.Fatalf("up: %d, %v", n, err)
		}
		if n, err := m.Up(ctx); err != nil || n != 0 {
			t.Fatalf("second up: %d, %v (want nothing to do)", n, err)
		}
		st, err := m.Status(ctx)
		if err != nil || len(st) == 0 {
			t.Fatalf("status: %v %v", st, err)
		}
		for _, s := range st {
			if !s.Applied {
				t.Errorf("%s not applied", s.Name)
			}
		}
		for _, table := range []string{"members", "cards", "card_sections", "section_items", "card_links", "messages", "message_attempts", "tokens", "sessions", "page_views", "job_runs"} {
			if _, err := db.NewSelect().Table(table).ColumnExpr("COUNT(*)").Exec(ctx); err != nil {
				t.Errorf("table %s: %v", table, err)
			}
		}
		if _, err := m.Down(ctx); err != nil {
			t.Fatalf("down: %v", err)
		}
		if _, err := db.NewSelect().Table("cards").ColumnExpr("COUNT(*)").Exec(ctx); err == nil {
			t.Error("cards still exists after down")
		}
		if n, err := m.Up(ctx); err != nil || n == 0 {
			t.Fatalf("up after down: %d, %v", n, err)
		}
	})
}

func TestConcurrentStartUpsMigrateOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		ctx := context.Background()
		errs := make(chan error, 3)
		for range 3 {
			go func() {
				db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
				if err != nil {
					errs <- err
					return
				}
				defer db.Close()
				m, err := migrations.New(db, cfg.MigrationLockFile())
				if err == nil {
					_, err = m.Up(ctx)
				}
				errs <- err
			}()
		}
		for range 3 {
			if err := <-errs; err != nil {
				t.Errorf("instance: %v", err)
			}
		}
	})
}
