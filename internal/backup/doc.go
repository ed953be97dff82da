// Package backup writes the whole site to one file and loads it back, into SQLite or
// MariaDB alike: the way to keep a site safe and to move it to a bigger machine.
//
// The file (format version 2) is a gzip'd tar of:
//
//	header.json           format, version, schema (the newest migration applied), the
//	                      source dialect, when it was written, the tables in load order,
//	                      and a value sealed with SECRET_KEY that tells a restore at once
//	                      whether its key opens the file's tokens
//	tables/<table>.jsonl  one JSON object per row, column by column: numbers and strings
//	                      as themselves, times as {"$t": RFC 3339}, binary data as
//	                      {"$b": base64}
//	manifest.json         the header's SHA-256, and each table's rows, bytes and SHA-256
//	manifest.hmac         HMAC-SHA-256 of manifest.json under a key derived from
//	                      SECRET_KEY, written last: whoever holds a file but not the key
//	                      cannot change a row and make the file whole again
//
// Version 1 had no manifest.hmac and no header sum; it is still read, unauthenticated.
//
// docs/backup.md describes it for anyone who wants to read a file without sitecard.
//
// The files:
//
//   - format.go: the header, the manifest, the tables in load order and those left out,
//     and how a value is written; auth.go: the MAC and the key check.
//   - write.go: Write, from one read-only transaction's snapshot, with progress.
//   - verify.go: the check of a whole file before anything is written; lines.go: reading a
//     table a line at a time, no line longer than the longest row a site writes.
//   - restore.go: Restore and its refusals; load.go: the tables loaded in one transaction;
//     columns.go: each value checked against its column's type on either database.
package backup
