package database

// Instances that share one MariaDB take a named lock: MariaDB's advisory GET_LOCK, held by
// a pinned connection so that a crashed instance's lock dies with its connection. On
// SQLite, which lives on one host, the lock is a no-op and the in-process guards of the
// callers (or, for migrations, a file lock) are enough.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// scopedName is a lock's name on the server: the database's and the lock's, hashed to fit
// MariaDB's 64 characters.
const scopedName = "SHA1(CONCAT(DATABASE(), '/', ?))"

// ErrLockHeld means another holder has the lock.
var ErrLockHeld = errors.New("database: lock held elsewhere")

// Lock takes the named lock, waiting up to wait for it, and returns its release.
func Lock(ctx context.Context, db *bun.DB, name string, wait time.Duration) (func(), error) {
	if db.Dialect().Name() != dialect.MySQL {
		return func() {}, nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: lock: %w", err)
	}
	var got *int
	// MariaDB's lock names are the server's, not a database's: the name is scoped to this
	// database, or two sites (or two tests) on one server would hold each other's locks.
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+scopedName+", ?)", name, int(wait.Seconds())).Scan(&got); err != nil {
		conn.Close()
		return nil, fmt.Errorf("database: lock: %w", err)
	}
	if got == nil || *got != 1 {
		conn.Close()
		return nil, ErrLockHeld
	}
	return func() {
		conn.ExecContext(context.Background(), "SELECT RELEASE_LOCK("+scopedName+")", name) //nolint:errcheck // closing the connection releases it anyway
		conn.Close()
	}, nil
}

// JobLocker is a gocron distributed locker: of several instances, only the one that gets the
// lock runs a job's tick; the others skip it. Instances start at different moments, so
// their ticks fall at different times: a lock let go as soon as a quick run ends would let
// the next instance's tick run too. The lock is therefore held for most of the job's
// interval (hold), so one tick in total runs per interval.
type JobLocker struct {
	db     *bun.DB
	prefix string
	hold   func(job string) time.Duration
}

// NewJobLocker returns a gocron locker on db; hold says how long a job's lock is kept.
func NewJobLocker(db *bun.DB, prefix string, hold func(job string) time.Duration) *JobLocker {
	return &JobLocker{db: db, prefix: prefix, hold: hold}
}

// Lock takes the lock for one run of the job named key, without waiting.
func (l *JobLocker) Lock(ctx context.Context, key string) (gocron.Lock, error) {
	release, err := Lock(ctx, l.db, l.prefix+key, 0)
	if err != nil {
		return nil, err
	}
	return &lock{release: release, until: time.Now().Add(l.hold(key))}, nil
}

type lock struct {
	release func()
	until   time.Time
}

// Unlock lets the lock go once its hold is over; the run itself is done.
func (l *lock) Unlock(context.Context) error {
	if wait := time.Until(l.until); wait > 0 {
		time.AfterFunc(wait, l.release)
		return nil
	}
	l.release()
	return nil
}
