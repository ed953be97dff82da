package backup

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// A restore checks every value against its column before it is written. MariaDB refuses a
// value of the wrong type itself, but SQLite stores whatever it is given ("yes" in a
// boolean, "not a time" in a timestamp), and the site then fails on the row each time it
// reads it. Checking on both dialects gives one answer, naming the table, the row and the
// column, for a file that either database would have taken or refused.

// Invalid is a value that does not fit its column.
type Invalid struct {
	Table  string
	Row    int64 // from 1, across the table's entries
	Column string
	Reason string
}

func (e *Invalid) Error() string {
	return fmt.Sprintf("restore: table %s, row %d, column %s: %s", e.Table, e.Row, e.Column, e.Reason)
}

// kind is what a column holds, read from its declared type.
type kind int

const (
	kindAny kind = iota // a type the check does not know: left to the database
	kindBool
	kindInt
	kindFloat
	kindTime
	kindText
	kindBlob
)

// column is one column's type and limits.
type column struct {
	kind     kind
	min, max int64 // an integer's range
	size     int64 // the most characters (chars) or bytes of a text or blob; 0: no limit
	chars    bool
	nullable bool
}

// columnsOf reads a table's columns from the database the file is restored into.
func columnsOf(ctx context.Context, db bun.IDB, table string) (map[string]column, error) {
	type info struct {
		Name     string `bun:"name"`
		Type     string `bun:"type"`
		Nullable bool   `bun:"nullable"`
	}
	var rows []info
	q := `SELECT name, type, "notnull" = 0 AS nullable FROM pragma_table_info(?)`
	mysql := db.Dialect().Name() == dialect.MySQL
	if mysql {
		q = `SELECT column_name AS name, column_type AS type, is_nullable = 'YES' AS nullable
			FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?`
	}
	if err := db.NewRaw(q, table).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("restore: read the columns of %s: %w", table, err)
	}
	out := make(map[string]column, len(rows))
	for _, r := range rows {
		c := parseType(r.Type, mysql)
		c.nullable = r.Nullable
		out[r.Name] = c
	}
	return out, nil
}

// parseType reads a declared type: SQLite's as the migrations wrote it (BOOLEAN,
// VARCHAR(64), TIMESTAMP, TEXT, BLOB), MariaDB's column_type (tinyint(1), varchar(64),
// datetime(6), mediumtext, bigint(20) unsigned). SQLite's INTEGER is 64 bits, MariaDB's
// INT 32; SQLite's TEXT and BLOB have no limit but the line's, MariaDB's have theirs.
func parseType(decl string, mysql bool) column {
	t := strings.ToLower(strings.TrimSpace(decl))
	base, arg := t, ""
	if i := strings.IndexByte(t, '('); i >= 0 {
		base = t[:i]
		if j := strings.IndexByte(t[i:], ')'); j > 0 {
			arg = t[i+1 : i+j]
		}
	}
	if f := strings.Fields(base); len(f) > 0 {
		base = f[0]
	}
	n, _ := strconv.ParseInt(arg, 10, 64)
	ints := func(bits uint) column {
		return column{kind: kindInt, min: -1 << (bits - 1), max: 1<<(bits-1) - 1}
	}
	limit := func(sqlite, mariadb int64) int64 {
		if mysql {
			return mariadb
		}
		return sqlite
	}
	switch base {
	case "boolean", "bool":
		return column{kind: kindBool}
	case "tinyint":
		if n == 1 {
			return column{kind: kindBool}
		}
		return ints(8)
	case "smallint":
		return ints(16)
	case "mediumint":
		return ints(24)
	case "int":
		return ints(32)
	case "integer":
		if mysql {
			return ints(32)
		}
		return column{kind: kindInt, min: math.MinInt64, max: math.MaxInt64}
	case "bigint":
		return column{kind: kindInt, min: math.MinInt64, max: math.MaxInt64}
	case "real", "double", "float", "decimal", "numeric":
		return column{kind: kindFloat}
	case "timestamp", "datetime", "date":
		return column{kind: kindTime}
	case "varchar", "char", "character", "nvarchar", "nchar":
		return column{kind: kindText, size: n, chars: true}
	case "tinytext":
		return column{kind: kindText, size: 255}
	case "text":
		return column{kind: kindText, size: limit(0, 65535)}
	case "mediumtext":
		return column{kind: kindText, size: 1<<24 - 1}
	case "longtext":
		return column{kind: kindText}
	case "tinyblob":
		return column{kind: kindBlob, size: 255}
	case "blob":
		return column{kind: kindBlob, size: limit(0, 65535)}
	case "mediumblob":
		return column{kind: kindBlob, size: 1<<24 - 1}
	case "longblob":
		return column{kind: kindBlob}
	case "binary", "varbinary":
		return column{kind: kindBlob, size: n}
	}
	return column{kind: kindAny}
}

// check returns v as the column takes it (a boolean as 0 or 1), or why it does not fit.
func (c column) check(v any) (any, string) {
	if v == nil {
		if !c.nullable {
			return nil, "is null, and the column does not allow null"
		}
		return nil, ""
	}
	switch c.kind {
	case kindBool:
		switch x := v.(type) {
		case bool:
			if x {
				return int64(1), ""
			}
			return int64(0), ""
		case int64:
			if x == 0 || x == 1 {
				return x, ""
			}
		}
		return nil, describe(v) + " is not a boolean (0 or 1)"
	case kindInt:
		if x, ok := v.(int64); ok {
			if x < c.min || x > c.max {
				return nil, fmt.Sprintf("%d is out of the column's range (%d to %d)", x, c.min, c.max)
			}
			return x, ""
		}
		return nil, describe(v) + " is not a whole number"
	case kindFloat:
		switch v.(type) {
		case int64, float64:
			return v, ""
		}
		return nil, describe(v) + " is not a number"
	case kindTime:
		if _, ok := v.(time.Time); ok {
			return v, ""
		}
		return nil, describe(v) + ` is not a time (a time is {"$t": "2026-11-28T15:04:05Z"})`
	case kindText:
		s, ok := v.(string)
		if !ok {
			return nil, describe(v) + " is not text"
		}
		if c.size > 0 && c.chars && int64(len(s)) > c.size && int64(utf8.RuneCountInString(s)) > c.size {
			return nil, fmt.Sprintf("the text is %d characters long, over the column's %d", utf8.RuneCountInString(s), c.size)
		}
		if c.size > 0 && !c.chars && int64(len(s)) > c.size {
			return nil, fmt.Sprintf("the text is %d bytes long, over the column's %d", len(s), c.size)
		}
		return s, ""
	case kindBlob:
		b, ok := v.([]byte)
		if !ok {
			return nil, describe(v) + ` is not binary data (binary data is {"$b": "<base64>"})`
		}
		if c.size > 0 && int64(len(b)) > c.size {
			return nil, fmt.Sprintf("the data is %d bytes long, over the column's %d", len(b), c.size)
		}
		return b, ""
	}
	return v, ""
}

// describe shows a value in a refusal: short, and quoted when it is text.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if utf8.RuneCountInString(x) > 40 {
			x = string([]rune(x)[:40]) + "…"
		}
		return strconv.Quote(x)
	case []byte:
		return fmt.Sprintf("binary data (%d bytes)", len(x))
	case time.Time:
		return "a time"
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}
