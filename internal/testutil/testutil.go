// Package testutil runs tests against every database the machine offers: SQLite always,
// and MariaDB when TEST_DATABASE_URL names a server. Under CI=true a missing MariaDB or
// browser fails the test instead of skipping it.
//
// It holds what a test of the models or services needs, and links no server:
//   - testutil.go: Config, ForEachDB (SQLite and MariaDB subtests, in parallel), MariaDB,
//     DB, Require, Logger;
//   - template.go: Migrated, a migrated template copied into a test's empty database;
//   - kakao.go: the fake clock (Clock) and the fake Kakao; llm.go: the fake model server;
//     pdf.go: hostile and ordinary PDFs; dbproxy.go: a database that can be cut or frozen.
//
// Whole sites are in testutil/testsite (Server); skipsummary is the suite's command.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/migrations"
)

// InCI reports whether the suite runs under CI, where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" }

// Require skips the test with reason locally, and fails it under CI.
func Require(t testing.TB, ok bool, reason string) {
	t.Helper()
	if ok {
		return
	}
	if InCI() {
		t.Fatalf("CI=true but %s", reason)
	}
	t.Skipf("skipping: %s", reason)
}

// Config returns a configuration for tests on the given database, with its own data folder.
func Config(t testing.TB, databaseURL string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{
		"DATA_DIR":     dir,
		"DATABASE_URL": databaseURL,
		"SECRET_KEY":   "test-secret-key-test-secret-key-0123456789",
		"BASE_URL":     "http://localhost:8000",
		"LOG_LEVEL":    "error",
		// Tests that count questions set their own limit.
		"CHAT_RATE_PER_IP": "0",
		// A loaded CI machine runs both databases' halves and several packages at once:
		// a request may wait on MariaDB for longer than the site's 5 s. The tests of the
		// deadline itself set their own.
		"DB_TIMEOUT": "30s",
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return cfg
}

// ForEachDB runs fn as a subtest on SQLite and on MariaDB, each on a fresh database. The
// two subtests run in parallel: each has its own database, data folder and site, and a
// MariaDB test spends most of its time waiting on the server.
func ForEachDB(t *testing.T, fn func(t *testing.T, cfg *config.Config)) {
	t.Helper()
	forEachDB(t, true, fn)
}

// ForEachDBInTurn is ForEachDB for a test that measures the whole process (its heap, its
// goroutines, its resident memory): the two subtests run one after the other, so that
// neither measures the other.
func ForEachDBInTurn(t *testing.T, fn func(t *testing.T, cfg *config.Config)) {
	t.Helper()
	forEachDB(t, false, fn)
}

func forEachDB(t *testing.T, parallel bool, fn func(t *testing.T, cfg *config.Config)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		if parallel {
			t.Parallel()
		}
		dir := t.TempDir()
		fn(t, Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(dir, "test.db"))))
	})
	t.Run("mariadb", func(t *testing.T) {
		if parallel {
			t.Parallel()
		}
		fn(t, Config(t, MariaDB(t)))
	})
}

// MariaDB creates a fresh, empty database on the TEST_DATABASE_URL server and returns its
// URL; it is dropped when the test ends.
func MariaDB(t testing.TB) string {
	t.Helper()
	raw := os.Getenv("TEST_DATABASE_URL")
	Require(t, raw != "", "TEST_DATABASE_URL is not set (mysql://user:pass@127.0.0.1:3306/db); MariaDB tests need a server")
	_, dsn, err := config.ParseDatabaseURL(raw)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	mc, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	name := mc.DBName + "_" + hex.EncodeToString(b)
	mc.DBName = ""
	admin, err := sql.Open("mysql", mc.FormatDSN())
	if err != nil {
		t.Fatalf("mariadb: %v", err)
	}
	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		Require(t, false, "MariaDB at TEST_DATABASE_URL does not answer: "+err.Error())
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		admin.Close()
		t.Fatalf("mariadb: create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS `"+name+"`"); err != nil {
			t.Errorf("mariadb: drop %s: %v", name, err)
		}
		admin.Close()
	})
	i := strings.LastIndex(raw, "/")
	q := ""
	if j := strings.Index(raw[i:], "?"); j >= 0 {
		q = raw[i+j:]
	}
	return raw[:i+1] + name + q
}

// Logger discards logs unless TEST_LOG is set.
func Logger() *slog.Logger {
	if os.Getenv("TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelError}))
}

// DB opens cfg's database with its schema migrated, for tests of the services and models
// alone, and closes it when the test ends. A second call on the same cfg is a second
// instance's pool on the same database.
func DB(t testing.TB, cfg *config.Config) *bun.DB {
	t.Helper()
	Migrated(t, cfg)
	ctx := context.Background()
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		t.Fatalf("database: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	m, err := migrations.New(db, cfg.MigrationLockFile())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
