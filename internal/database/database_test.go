package database_test

import (
	"testing"

	"github.com/uptrace/bun/driver/sqliteshim"
)

// The embedded database is modernc.org/sqlite, pure Go: the static build (CGO_ENABLED=0)
// can only use it, and the SQLite URL's parameters (_pragma=…) are its own.
func TestSQLiteIsThePureGoDriver(t *testing.T) {
	if name := sqliteshim.DriverName(); name != "sqlite" {
		t.Errorf("sqliteshim chose %q; build without the cgosqlite tag to get modernc.org/sqlite", name)
	}
}
