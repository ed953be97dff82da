package database

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/mysqldialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/driver/sqliteshim"

	"sitecard/internal/config"
)

// Open connects to the database and checks that it answers within ten seconds.
func Open(ctx context.Context, dialect config.Dialect, dsn string) (*bun.DB, error) {
	var db *bun.DB
	switch dialect {
	case config.SQLite:
		sqldb, err := sql.Open(sqliteshim.ShimName, dsn)
		if err != nil {
			return nil, fmt.Errorf("database: open sqlite: %w", err)
		}
		// One writer at a time is all SQLite allows; a small pool keeps readers concurrent
		// while busy_timeout queues the writers.
		sqldb.SetMaxOpenConns(8)
		sqldb.SetMaxIdleConns(8)
		sqldb.SetConnMaxIdleTime(0)
		db = bun.NewDB(sqldb, sqlitedialect.New())
	case config.MariaDB:
		mc, err := mysql.ParseDSN(dsn)
		if err != nil {
			return nil, fmt.Errorf("database: mariadb dsn: %w", err)
		}
		connector, err := mysql.NewConnector(mc)
		if err != nil {
			return nil, fmt.Errorf("database: mariadb connector: %w", err)
		}
		sqldb := sql.OpenDB(connector)
		// A small server's pool: enough for bursts, few idle connections held, and none kept
		// long enough to meet a server or proxy that dropped it.
		sqldb.SetMaxOpenConns(32)
		sqldb.SetMaxIdleConns(16)
		sqldb.SetConnMaxLifetime(5 * time.Minute)
		sqldb.SetConnMaxIdleTime(time.Minute)
		db = bun.NewDB(sqldb, mysqldialect.New())
	default:
		return nil, fmt.Errorf("database: unknown dialect %q", dialect)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := db.PingContext(pingCtx)
	if err == nil && dialect == config.SQLite && !strings.Contains(dsn, ":memory:") {
		err = useWAL(pingCtx, db)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("database: %s does not answer: %w", dialect, err)
	}
	return db, nil
}

// useWAL puts the SQLite file in WAL mode (readers run during writes). The mode is stored
// in the file, so once is enough. Two processes that start on a new file at once (a
// restart that overlaps the old process) may both switch it, and SQLite answers the
// loser "busy" at once, without its busy timeout: it waits a moment and tries again,
// until ctx ends.
func useWAL(ctx context.Context, db *bun.DB) error {
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 500*time.Millisecond) {
		var mode string
		err := db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode)
		if err == nil {
			return nil
		}
		if !Down(err) {
			return fmt.Errorf("journal_mode: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("journal_mode: %w", err)
		case <-time.After(wait):
		}
	}
}

// OpenSnapshot opens a pool of its own for a long read of the whole database (a backup
// download's snapshot, which a slow link may hold for many minutes): however long it is
// held, it is none of the connections the site's visitors share. On SQLite it is one more
// connection to the file, reading a WAL snapshot; on MariaDB a pool of two, the snapshot's
// and the one that holds the backup's lock. It keeps no connection idle between backups.
func OpenSnapshot(ctx context.Context, dialect config.Dialect, dsn string) (*bun.DB, error) {
	db, err := Open(ctx, dialect, dsn)
	if err != nil {
		return nil, err
	}
	conns := 1
	if dialect == config.MariaDB {
		conns = 2
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(0)
	return db, nil
}
