package migrations

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/migrate"

	"sitecard/internal/database"
)

//go:embed sqlite/*.sql mysql/*.sql
var files embed.FS

// lockName is the MariaDB advisory lock that serialises migrations across instances.
const lockName = "sitecard_migrate"

// Migrator wraps bun's migrator with a cross-instance lock.
type Migrator struct {
	db       *bun.DB
	ms       *migrate.Migrations
	m        *migrate.Migrator
	lockFile string
}

// New returns a Migrator for db's dialect. lockFile is locked while SQLite migrates
// (config.MigrationLockFile); MariaDB ignores it.
func New(db *bun.DB, lockFile string) (*Migrator, error) {
	dir := "sqlite"
	if db.Dialect().Name() == dialect.MySQL {
		dir = "mysql"
	}
	sub, err := fs.Sub(files, dir)
	if err != nil {
		return nil, err
	}
	ms := migrate.NewMigrations()
	if err := ms.Discover(sub); err != nil {
		return nil, fmt.Errorf("migrations: discover: %w", err)
	}
	return &Migrator{db: db, ms: ms, lockFile: lockFile, m: migrate.NewMigrator(db, ms, migrate.WithMarkAppliedOnSuccess(true))}, nil
}

// Latest is the name (version) of the newest migration this binary knows.
func (m *Migrator) Latest() string {
	sorted := m.ms.Sorted()
	return sorted[len(sorted)-1].Name
}

// Applied is the name of the newest migration applied to the database, "" for none.
func (m *Migrator) Applied(ctx context.Context) (string, error) {
	sts, err := m.Status(ctx)
	if err != nil {
		return "", err
	}
	last := ""
	for _, st := range sts {
		if st.Applied && st.Name > last {
			last = st.Name
		}
	}
	return last, nil
}

// UpTo applies the pending migrations up to and including version, and no later one: a
// restore builds the schema its file was written under, loads it, then migrates on.
func (m *Migrator) UpTo(ctx context.Context, version string) error {
	sub := migrate.NewMigrations()
	for _, mg := range m.ms.Sorted() {
		if mg.Name <= version {
			sub.Add(mg)
		}
	}
	mig := migrate.NewMigrator(m.db, sub, migrate.WithMarkAppliedOnSuccess(true))
	return m.locked(ctx, func() error {
		_, err := mig.Migrate(ctx)
		return err
	})
}

// Up applies every pending migration and returns how many ran.
func (m *Migrator) Up(ctx context.Context) (int, error) {
	n := 0
	err := m.locked(ctx, func() error {
		g, err := m.m.Migrate(ctx)
		if err != nil {
			return err
		}
		n = len(g.Migrations)
		return nil
	})
	return n, err
}

// Down rolls back the last group of migrations and returns how many were undone.
func (m *Migrator) Down(ctx context.Context) (int, error) {
	n := 0
	err := m.locked(ctx, func() error {
		g, err := m.m.Rollback(ctx)
		if err != nil {
			return err
		}
		n = len(g.Migrations)
		return nil
	})
	return n, err
}

// Status describes one migration and whether it has been applied.
type Status struct {
	Name      string
	Comment   string
	Applied   bool
	AppliedAt time.Time
}

// Status lists every known migration with its state.
func (m *Migrator) Status(ctx context.Context) ([]Status, error) {
	if err := m.m.Init(ctx); err != nil {
		return nil, fmt.Errorf("migrations: init: %w", err)
	}
	ms, err := m.m.MigrationsWithStatus(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: status: %w", err)
	}
	out := make([]Status, 0, len(ms))
	for _, mg := range ms {
		out = append(out, Status{Name: mg.Name, Comment: mg.Comment, Applied: mg.IsApplied(), AppliedAt: mg.MigratedAt})
	}
	return out, nil
}

// locked runs fn while holding the migration lock. On MariaDB it is an advisory lock held
// by one pinned connection, so a crashed instance releases it with its connection instead
// of leaving a stale row behind. SQLite is a file on one host, so a file lock does the
// same and is released by the kernel if the process dies.
func (m *Migrator) locked(ctx context.Context, fn func() error) error {
	if m.db.Dialect().Name() != dialect.MySQL {
		unlock, err := lockFile(ctx, m.lockFile)
		if err != nil {
			return fmt.Errorf("migrations: lock %s: %w", m.lockFile, err)
		}
		defer unlock()
		if err := m.m.Init(ctx); err != nil {
			return fmt.Errorf("migrations: init: %w", err)
		}
		return fn()
	}
	if err := m.m.Init(ctx); err != nil {
		return fmt.Errorf("migrations: init: %w", err)
	}
	release, err := database.Lock(ctx, m.db, lockName, 60*time.Second)
	if errors.Is(err, database.ErrLockHeld) {
		return errors.New("migrations: another instance held the migration lock for 60 s")
	}
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	defer release()
	return fn()
}
