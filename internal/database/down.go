package database

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"net"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// Down reports whether err means the database could not be reached or did not answer in
// time, as opposed to refusing a statement.
func Down(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, mysql.ErrInvalidConn) ||
		errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) {
		return true
	}
	// SQLite still busy after its busy timeout, or a closed pool.
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is closed")
}
