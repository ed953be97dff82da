package models

import (
	"database/sql"
	"errors"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned when a row does not exist. It is the project's one "not found":
// the services return it too, for things that exist but are not theirs to show.
var ErrNotFound = errors.New("not found")

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// upsert turns an insert into "insert, or update the row with the same key" on both
// dialects: columns in replace take the new row's value, columns in add are incremented
// by it. MariaDB names the new row VALUES(col), SQLite EXCLUDED.col.
func upsert(db bun.IDB, q *bun.InsertQuery, key string, replace, add []string) *bun.InsertQuery {
	newValue := func(col string) string { return "EXCLUDED." + col }
	if db.Dialect().Name() == dialect.MySQL {
		q = q.On("DUPLICATE KEY UPDATE")
		newValue = func(col string) string { return "VALUES(" + col + ")" }
	} else {
		q = q.On("CONFLICT (" + key + ") DO UPDATE")
	}
	for _, c := range replace {
		q = q.Set(c + " = " + newValue(c))
	}
	for _, c := range add {
		q = q.Set(c + " = " + c + " + " + newValue(c))
	}
	return q
}

// IsDuplicateKey reports whether err is a unique key refusing a second row with its value
// (two requests creating the same slug at once), told by the driver's error code.
func IsDuplicateKey(err error) bool {
	var my *mysql.MySQLError
	var lite *sqlite.Error
	switch {
	case errors.As(err, &my):
		return my.Number == 1062
	case errors.As(err, &lite):
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// rowsAffected reads how many rows a statement changed; the drivers here always know.
func rowsAffected(res sql.Result) int64 {
	n, _ := res.RowsAffected()
	return n
}

// matching narrows sel to the rows where any of columns contains q, ignoring case; an
// empty q narrows nothing. '!' escapes LIKE's wildcards: a backslash means different
// things in MariaDB and SQLite.
func matching(sel *bun.SelectQuery, q string, columns ...string) *bun.SelectQuery {
	if q = strings.TrimSpace(q); q == "" {
		return sel
	}
	like := "%" + strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(strings.ToLower(q)) + "%"
	return sel.WhereGroup(" AND ", func(s *bun.SelectQuery) *bun.SelectQuery {
		for _, c := range columns {
			s = s.WhereOr("LOWER(?) LIKE ? ESCAPE '!'", bun.Ident(c), like)
		}
		return s
	})
}
