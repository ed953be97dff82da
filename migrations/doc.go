// Package migrations holds the schema for both dialects and applies it under a lock.
//
// SQL lives in one folder per dialect because MariaDB and SQLite disagree on types and
// auto-increment; the file names (versions) are the same in both folders:
// sqlite/VERSION_name.up.sql and .down.sql, and mysql/ likewise. A new migration is added
// to both, up and down, and never edited once merged.
//
// migrations.go runs them with bun's migrator under a lock: MariaDB's GET_LOCK across
// instances, and for SQLite a lock file (lock_unix.go, lock_other.go), so that two
// processes starting at once never migrate together.
package migrations
