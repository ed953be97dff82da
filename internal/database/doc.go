// Package database opens the bun DB that a Config selects: embedded SQLite or MariaDB.
//
//   - database.go: Open (bun over modernc.org/sqlite with WAL, or MariaDB with UTC times
//     and utf8mb4) and OpenSnapshot, a pool of its own for a backup's long read.
//   - down.go: Down tells an outage (the database unreachable or too slow, answered 503)
//     from a statement the database refused.
//   - lock.go: the cross-instance lock (MariaDB's GET_LOCK; nothing on SQLite, which lives
//     on one host) that migrations, the token refresh and the scheduled jobs run under.
package database
