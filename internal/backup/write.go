package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"sitecard/internal/sealed"
)

// Options say what a backup holds beyond the tables it always has, and where progress goes.
type Options struct {
	// Groups are the optional tables to include: "sessions", "counters", "chat".
	Groups map[string]bool
	// Secret is SECRET_KEY: the header's key check is sealed, and the manifest's MAC
	// made, under keys derived from it.
	Secret []byte
	// Purpose is the key the tokens are sealed with (services.TokensPurpose).
	Purpose string
	// Schema is the newest migration applied to the database.
	Schema string
	// MaxLine, when set, is the longest row a restore reads (services.BackupMaxLine): a
	// longer row fails the backup, which could not be restored.
	MaxLine int
	// Progress, when set, is told each table's rows and bytes as they are written.
	Progress func(table string, rows, bytes int64)
	Now      func() time.Time
}

// Write writes the backup of db to w, reading every table inside one read-only
// transaction: the file is a consistent snapshot while the site keeps serving (MariaDB's
// REPEATABLE READ, SQLite's WAL snapshot), and nobody's writes wait for it.
func Write(ctx context.Context, db *bun.DB, w io.Writer, opt Options) (*Manifest, error) {
	tx, done, err := snapshot(ctx, db)
	if err != nil {
		return nil, err
	}
	defer done()
	existing, err := tableNames(ctx, tx)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	h := Header{Format: Format, Version: Version, Schema: opt.Schema, Dialect: db.Dialect().Name().String(),
		CreatedAt: now().UTC(), KeyCheck: sealed.New(opt.Secret, opt.Purpose).Seal(keyCheck)}
	for _, t := range Tables() {
		if existing[t.Name] && (t.Group == "" || opt.Groups[t.Group]) {
			h.Tables = append(h.Tables, t.Name)
		}
	}
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed) // a valid level never fails
	tw := tar.NewWriter(zw)
	header, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeEntry(tw, headerEntry, header, h.CreatedAt); err != nil {
		return nil, err
	}
	headerSum := sha256.Sum256(header)
	man := &Manifest{Header: hex.EncodeToString(headerSum[:])}
	keys := map[string]string{}
	for _, t := range Tables() {
		keys[t.Name] = t.Key
	}
	for _, name := range h.Tables {
		sum, err := writeTable(ctx, tx, tw, name, keys[name], h.CreatedAt, opt)
		if err != nil {
			return nil, err
		}
		man.Tables = append(man.Tables, *sum)
	}
	manifest, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeEntry(tw, manifestEntry, manifest, h.CreatedAt); err != nil {
		return nil, err
	}
	if err := writeEntry(tw, macEntry, []byte(manifestMAC(opt.Secret, manifest)+"\n"), h.CreatedAt); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return man, nil
}

// snapshot opens a read-only view of the whole database that holds still while others
// write. On SQLite the pool opens transactions IMMEDIATE (they take the write lock, so
// that two writers never deadlock): the snapshot is a plain deferred BEGIN on a
// connection of its own instead, which in WAL mode takes no lock at all.
func snapshot(ctx context.Context, db *bun.DB) (bun.IDB, func(), error) {
	if db.Dialect().Name() == dialect.MySQL {
		tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return nil, nil, fmt.Errorf("backup: begin: %w", err)
		}
		return tx, func() { tx.Rollback() }, nil //nolint:errcheck // read-only: nothing to keep
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("backup: connect: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("backup: begin: %w", err)
	}
	return conn, func() {
		conn.ExecContext(context.Background(), "ROLLBACK") //nolint:errcheck // read-only: nothing to keep
		conn.Close()
	}, nil
}

// tableNames lists the tables the database has.
func tableNames(ctx context.Context, db bun.IDB) (map[string]bool, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'table'"
	if db.Dialect().Name() == dialect.MySQL {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
	}
	var names []string
	if err := db.NewRaw(q).Scan(ctx, &names); err != nil {
		return nil, fmt.Errorf("backup: list tables: %w", err)
	}
	out := map[string]bool{}
	for _, n := range names {
		out[n] = true
	}
	return out, nil
}

func writeEntry(tw *tar.Writer, name string, b []byte, at time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), ModTime: at}); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err := tw.Write(b)
	return err
}

// partSize is about how much of a table one entry holds.
const partSize = 8 << 20

// bigValue is the size from which a binary value (an upload's file) is streamed into its
// entry as base64 instead of being encoded into the row first: the row is then held once,
// as the driver scanned it, not a second time a third larger.
const bigValue = 1 << 20

// writeTable writes one table as JSON Lines. A tar entry states its size first, so the
// rows gather in memory in chunks of up to 8 MB, each its own entry ("tables/x.jsonl",
// then "tables/x.jsonl.1", …): memory stays bounded whatever the table's size. A row with
// a large file goes in an entry of its own, the file streamed.
func writeTable(ctx context.Context, tx bun.IDB, tw *tar.Writer, name, key string, at time.Time, opt Options) (*TableSum, error) {
	progress := opt.Progress
	rows, err := tx.QueryContext(ctx, "SELECT * FROM "+name+" ORDER BY "+key)
	if err != nil {
		return nil, fmt.Errorf("backup: read %s: %w", name, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, fmt.Errorf("backup: read %s: %w", name, err)
	}
	cols := make([]string, len(types))
	binary := make([]bool, len(types))
	for i, ct := range types {
		cols[i], binary[i] = ct.Name(), isBinary(ct.DatabaseTypeName())
	}
	sum := &TableSum{Name: name}
	h := sha256.New()
	out := io.MultiWriter(tw, h) // what goes into an entry goes into the table's sum
	var buf bytes.Buffer
	part := 0
	// begin starts the table's next entry, of size bytes.
	begin := func(size int) error {
		entry := "tables/" + name + ".jsonl"
		if part > 0 {
			entry += fmt.Sprintf(".%d", part)
		}
		part++
		if err := tw.WriteHeader(&tar.Header{Name: entry, Mode: 0o600, Size: int64(size), ModTime: at}); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		return nil
	}
	flush := func() error {
		if err := begin(buf.Len()); err != nil {
			return err
		}
		if _, err := out.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		buf.Reset()
		if progress != nil {
			progress(name, sum.Rows, sum.Bytes)
		}
		return nil
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		keys[i], _ = json.Marshal(c)
	}
	const bigOpen, bigClose = `{"$b":"`, `"}`
	var line []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("backup: read %s: %w", name, err)
		}
		// The row, but for its large file (if any), whose place in the line is cut.
		var big []byte
		cut := -1
		line = append(line[:0], '{')
		for i := range cols {
			if i > 0 {
				line = append(line, ',')
			}
			line = append(append(line, keys[i]...), ':')
			if b, ok := vals[i].([]byte); ok && binary[i] && len(b) >= bigValue && big == nil {
				big, cut = b, len(line)
				continue
			}
			line = appendValue(line, vals[i], binary[i])
		}
		line = append(line, '}', '\n')
		size := len(line)
		if big != nil {
			size += len(bigOpen) + base64.StdEncoding.EncodedLen(len(big)) + len(bigClose)
		}
		if opt.MaxLine > 0 && size-1 > opt.MaxLine {
			return nil, fmt.Errorf("backup: row %d of %s is %d bytes, longer than a restore reads (%d): the file could not be restored", sum.Rows+1, name, size-1, opt.MaxLine)
		}
		sum.Rows++
		sum.Bytes += int64(size)
		if big == nil {
			buf.Write(line)
			if buf.Len() >= partSize {
				if err := flush(); err != nil {
					return nil, err
				}
			}
			continue
		}
		if buf.Len() > 0 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
		if err := begin(size); err != nil {
			return nil, err
		}
		if err := writeBig(out, line[:cut], bigOpen, big, bigClose, line[cut:]); err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		if progress != nil {
			progress(name, sum.Rows, sum.Bytes)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("backup: read %s: %w", name, err)
	}
	// Every table has its first entry, rows or none.
	if part == 0 || buf.Len() > 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	sum.SHA256 = hex.EncodeToString(h.Sum(nil))
	return sum, nil
}

// writeBig writes a row whose large file is streamed as base64 between open and close.
func writeBig(w io.Writer, head []byte, open string, file []byte, close string, tail []byte) error {
	if _, err := w.Write(head); err != nil {
		return err
	}
	if _, err := io.WriteString(w, open); err != nil {
		return err
	}
	enc := base64.NewEncoder(base64.StdEncoding, w)
	if _, err := enc.Write(file); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, close+string(tail))
	return err
}
