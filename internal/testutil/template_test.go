package testutil_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/testutil"
	"sitecard/migrations"
)

// schema describes a database as its dialect does: every table's definition (SQLite's
// CREATE statements, MariaDB's SHOW CREATE TABLE) and the migrations it has applied.
func schema(t *testing.T, db *bun.DB) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	if db.Dialect().Name().String() == "sqlite" {
		if err := db.NewRaw("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").Scan(ctx, &out); err != nil {
			t.Fatal(err)
		}
	} else {
		var tables []string
		if err := db.NewRaw("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME").Scan(ctx, &tables); err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			var name, create string
			if err := db.QueryRowContext(ctx, "SHOW CREATE TABLE `"+table+"`").Scan(&name, &create); err != nil {
				t.Fatal(err)
			}
			out = append(out, create)
		}
	}
	var applied []string
	if err := db.NewRaw("SELECT name FROM bun_migrations ORDER BY name").Scan(ctx, &applied); err != nil {
		t.Fatal(err)
	}
	return append(out, "applied: "+strings.Join(applied, " "))
}

// migrated opens cfg's database after running every migration on it, the way a new
// site starts.
func migrated(t *testing.T, cfg *config.Config) *bun.DB {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m, err := migrations.New(db, cfg.MigrationLockFile())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// A database made from the template is the database the migrations make: the same
// tables, columns, indexes, foreign keys and applied migrations, on both dialects. The
// site's own boot then finds nothing to migrate.
func TestTheTemplateIsWhatTheMigrationsMake(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, fresh *config.Config) {
		want := schema(t, migrated(t, fresh))
		copied := testutil.Config(t, map[config.Dialect]func() string{
			config.SQLite:  func() string { return "sqlite://" + t.TempDir() + "/copy.db" },
			config.MariaDB: func() string { return testutil.MariaDB(t) },
		}[fresh.Dialect]())
		db := testutil.DB(t, copied) // the template, copied in
		got := schema(t, db)
		if !slices.Equal(got, want) {
			for i := range max(len(got), len(want)) {
				g, w := "", ""
				if i < len(got) {
					g = got[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Errorf("the template differs from a migrated database:\ntemplate: %.400s\nmigrated: %.400s", g, w)
					break
				}
			}
		}
		m, err := migrations.New(db, copied.MigrationLockFile())
		if err != nil {
			t.Fatal(err)
		}
		if n, err := m.Up(context.Background()); err != nil || n != 0 {
			t.Errorf("migrating the copy ran %d migrations (%v), want none", n, err)
		}
		// A database that holds something already is left alone.
		testutil.Migrated(t, copied)
		if again := schema(t, db); !slices.Equal(again, got) {
			t.Error("Migrated changed a database that was not empty")
		}
	})
}

// BenchmarkFreshDatabase is the time a test spends on an empty, migrated database of
// its own: every migration run, or the template copied.
func BenchmarkFreshDatabase(b *testing.B) {
	for _, how := range []string{"migrate", "template"} {
		for _, dialect := range []string{"sqlite", "mariadb"} {
			b.Run(how+"/"+dialect, func(b *testing.B) {
				for b.Loop() {
					url := "sqlite://" + b.TempDir() + "/b.db"
					if dialect == "mariadb" {
						url = testutil.MariaDB(b)
					}
					cfg := testutil.Config(b, url)
					if how == "template" {
						testutil.Migrated(b, cfg)
					}
					db, err := database.Open(context.Background(), cfg.Dialect, cfg.DSN)
					if err != nil {
						b.Fatal(err)
					}
					m, _ := migrations.New(db, cfg.MigrationLockFile())
					if _, err := m.Up(context.Background()); err != nil {
						b.Fatal(err)
					}
					db.Close()
				}
			})
		}
	}
}
