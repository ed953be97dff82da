package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"

	"github.com/go-sql-driver/mysql"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Down reports whether err means the database could not be reached or did not answer in
// time, as opposed to refusing a statement. It looks at what the error is, never at its
// text.
func Down(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	var liteErr *sqlite.Error
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, mysql.ErrInvalidConn),
		errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr), errors.Is(err, errPoolClosed):
		return true
	case errors.As(err, &liteErr):
		// Still busy or locked after the busy timeout: another process holds the file.
		switch liteErr.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return true
		}
	}
	return false
}

// errPoolClosed is database/sql's "sql: database is closed". The package does not export
// it, but it is one value, so it is taken once from a closed pool and compared by identity.
var errPoolClosed = func() error {
	db := sql.OpenDB(noConnector{})
	db.Close()
	return db.PingContext(context.Background())
}()

// noConnector never connects; it only lets a pool be made and closed.
type noConnector struct{}

func (noConnector) Connect(context.Context) (driver.Conn, error) { return nil, driver.ErrBadConn }
func (noConnector) Driver() driver.Driver                        { return nil }
