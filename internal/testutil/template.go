package testutil

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-sql-driver/mysql"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/migrations"
)

// Migrating a database from nothing runs every migration (about sixty files, and on
// MariaDB every DDL statement commits and syncs): it was most of the time of a test that
// boots the site. Migrated gives a test the same schema by copying a template instead:
// SQLite copies one migrated file, MariaDB creates the template's tables in the test's
// database. A template is named by the fingerprint of the migrations it was built from,
// so it is made once per machine and shared by every test process, and a changed
// migration makes a new one.

// readyTable marks a MariaDB template whose migrations have all run; it is not copied.
const readyTable = "sitecard_template_ready"

// templates are built at most once per test process; the process is their only owner.
var (
	sqliteTemplate = sync.OnceValues(buildSQLiteTemplate)
	mariaTemplates sync.Map // template database name → func() (*mariaSchema, error)
)

// Migrated makes cfg's database hold the migrated schema, as if every migration had run
// on it, unless it already holds something (a second instance on the same database, or a
// test that built its own). Server and DB call it before they open the database.
func Migrated(t testing.TB, cfg *config.Config) {
	t.Helper()
	var err error
	switch cfg.Dialect {
	case config.SQLite:
		err = copySQLiteTemplate(cfg.SQLitePath)
	case config.MariaDB:
		err = cloneMariaTemplate(cfg.DSN)
	}
	if err != nil {
		t.Fatalf("migrated template: %v", err)
	}
}

func buildSQLiteTemplate() (string, error) {
	fp, err := migrations.Fingerprint("sqlite")
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "sitecard-test-templates")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "sqlite-"+fp+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	// Built under a name of its own and renamed when whole: another test process that
	// builds the same template at the same time renames an identical file.
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, "t.db")
	_, dsn, err := config.ParseDatabaseURL("sqlite://" + filepath.ToSlash(file))
	if err != nil {
		return "", err
	}
	if err := migrate(config.SQLite, dsn, ""); err != nil {
		return "", err
	}
	// Closing the last connection checkpointed the WAL into the file: it is whole alone.
	if err := os.Rename(file, path); err != nil {
		return "", err
	}
	return path, nil
}

func migrate(dialect config.Dialect, dsn, lockFile string) error {
	ctx := context.Background()
	db, err := database.Open(ctx, dialect, dsn)
	if err != nil {
		return err
	}
	m, err := migrations.New(db, lockFile)
	if err == nil {
		_, err = m.Up(ctx)
	}
	return errors.Join(err, db.Close())
}

func copySQLiteTemplate(path string) error {
	if path == "" || path == ":memory:" {
		return nil
	}
	if st, err := os.Stat(path); err == nil && st.Size() > 0 {
		return nil // a database is there already
	}
	tpl, err := sqliteTemplate()
	if err != nil {
		return err
	}
	src, err := os.Open(tpl)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return errors.Join(err, dst.Close())
}

// mariaSchema is what a MariaDB template holds: each table's CREATE statement, and the
// tables that have rows (the migrations' own list).
type mariaSchema struct {
	name    string
	creates []string
	filled  []string
}

func cloneMariaTemplate(dsn string) error {
	mc, err := mysql.ParseDSN(dsn)
	if err != nil {
		return err
	}
	target := mc.DBName
	mc.DBName = ""
	admin, err := sql.Open("mysql", mc.FormatDSN())
	if err != nil {
		return err
	}
	defer admin.Close()
	ctx := context.Background()
	var n int
	if err := admin.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?", target).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil // a database is there already
	}
	fp, err := migrations.Fingerprint("mysql")
	if err != nil {
		return err
	}
	// The template sits beside the test databases, named after TEST_DATABASE_URL's.
	base, _, _ := cutRandom(target)
	name := base + "_tpl_" + fp
	once, _ := mariaTemplates.LoadOrStore(name, sync.OnceValues(func() (*mariaSchema, error) {
		return buildMariaTemplate(mc, name)
	}))
	schema, err := once.(func() (*mariaSchema, error))()
	if err != nil {
		return err
	}
	conn, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The CREATE statements name their foreign keys' tables without a database: run in
	// the target, they point at the target's tables, made in any order.
	stmts := append([]string{"SET FOREIGN_KEY_CHECKS = 0", "USE `" + target + "`"}, schema.creates...)
	for _, table := range schema.filled {
		stmts = append(stmts, "INSERT INTO `"+target+"`.`"+table+"` SELECT * FROM `"+schema.name+"`.`"+table+"`")
	}
	stmts = append(stmts, "SET FOREIGN_KEY_CHECKS = 1")
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%.80s: %w", s, err)
		}
	}
	return nil // admin, and with it this connection (now in the target), ends here
}

// cutRandom takes the random suffix MariaDB gave a test database off its name.
func cutRandom(name string) (string, string, bool) {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '_' {
			return name[:i], name[i+1:], true
		}
	}
	return name, "", false
}

// buildMariaTemplate migrates the template database, unless another test process
// (holding the same named lock) has done it already, then reads its schema.
func buildMariaTemplate(mc *mysql.Config, name string) (*mariaSchema, error) {
	ctx := context.Background()
	admin, err := sql.Open("mysql", mc.FormatDSN())
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 300)", name).Scan(&got); err != nil || got.Int64 != 1 {
		return nil, fmt.Errorf("lock %s: %v (%v)", name, err, got)
	}
	defer conn.ExecContext(ctx, "SELECT RELEASE_LOCK(?)", name) //nolint:errcheck // the connection's end releases it too
	var ready int
	if err := conn.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", name, readyTable).Scan(&ready); err != nil {
		return nil, err
	}
	if ready == 0 {
		if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`"); err != nil {
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
			return nil, err
		}
		tpl := *mc
		tpl.DBName = name
		if err := migrate(config.MariaDB, tpl.FormatDSN(), ""); err != nil {
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, "CREATE TABLE `"+name+"`.`"+readyTable+"` (id INT)"); err != nil {
			return nil, err
		}
	}
	rows, err := conn.QueryContext(ctx, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> ? ORDER BY TABLE_NAME", name, readyTable)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	s := &mariaSchema{name: name}
	for _, table := range tables {
		var tn, create string
		if err := conn.QueryRowContext(ctx, "SHOW CREATE TABLE `"+name+"`.`"+table+"`").Scan(&tn, &create); err != nil {
			return nil, err
		}
		s.creates = append(s.creates, create)
		var one int
		err := conn.QueryRowContext(ctx, "SELECT 1 FROM `"+name+"`.`"+table+"` LIMIT 1").Scan(&one)
		switch {
		case err == nil:
			s.filled = append(s.filled, table)
		case !errors.Is(err, sql.ErrNoRows):
			return nil, err
		}
	}
	return s, nil
}
