package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"

	"sitecard/internal/sealed"
)

// Refusals a restore gives before writing anything.
var (
	ErrNotEmpty    = errors.New("restore: the database already holds a site (members, messages or cards of its own); restore into an empty database, or pass --replace to overwrite it")
	ErrWrongKey    = errors.New("restore: SECRET_KEY is not the key this backup was written with: its KakaoTalk tokens and webhook secrets would not decrypt. Set the old SECRET_KEY and run restore again")
	ErrNewerSchema = errors.New("restore: the backup was written by a newer sitecard (its schema is newer than this binary's); upgrade sitecard first")
	ErrNotBackup   = errors.New("restore: this is not a sitecard backup")
	// ErrUnauthenticated is a file of format version 1, refused unless the operator vouches
	// for it: anyone can write one (a version 2 file is rewritten as version 1 by dropping
	// its MAC), so restoring it without asking would let a forged admin in.
	ErrUnauthenticated = errors.New("restore: this backup is format version 1, which carries no MAC: it cannot be authenticated, and anyone who held a copy of any backup of the site could have written it (an admin added, a password replaced). Nothing was written. If the file never left your hands, run restore again with --unauthenticated")
)

// Damaged is a file whose contents do not match its manifest, or that ends early.
type Damaged struct {
	Table  string // "" when the damage is outside a table
	Reason string
}

func (e *Damaged) Error() string {
	if e.Table == "" {
		return "restore: the file is damaged: " + e.Reason
	}
	return "restore: the file is damaged in table " + e.Table + ": " + e.Reason
}

// Schema is what a restore needs of the migrations: the newest this binary knows, the
// newest applied, and applying them up to a version.
type Schema interface {
	Latest() string
	Applied(ctx context.Context) (string, error)
	UpTo(ctx context.Context, version string) error
}

// RestoreOptions say how to restore.
type RestoreOptions struct {
	// Replace allows a database that already holds a site: its rows are deleted first.
	Replace bool
	// Secret is SECRET_KEY; Purpose the tokens' key name (services.TokensPurpose).
	Secret  []byte
	Purpose string
	// MaxLine is the longest line (one row) the file may have, in bytes: the longest row
	// the site writes (services.BackupMaxLine). A longer one is refused, naming its table,
	// before more than this of it is held.
	MaxLine int
	// Unauthenticated allows a file of format version 1, which has no MAC (the operator
	// vouches for it); without it such a file is refused with ErrUnauthenticated.
	Unauthenticated bool
	// Warn, when set, is told what the restore cannot vouch for: a file of format
	// version 1, which has no MAC.
	Warn func(msg string)
	// Progress, when set, is told each table's rows as they are loaded.
	Progress func(table string, rows, bytes int64)
}

// WarnUnauthenticated is what a restore of a version 1 file says.
const WarnUnauthenticated = "restore: this backup is format version 1, which carries no MAC: it cannot be authenticated, and anyone who held a copy could have changed its rows (an admin added, a password replaced). Restore it only if it never left your hands; a new backup of the restored site is authenticated"

// ReadHeader reads the file's header and checks that this binary can load it with this
// key: the first thing a restore does, before reading on.
func ReadHeader(r io.Reader, opt RestoreOptions, latest string) (*Header, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, ErrNotBackup
	}
	tr := tar.NewReader(zr)
	th, err := tr.Next()
	if err != nil || th.Name != headerEntry {
		return nil, ErrNotBackup
	}
	raw, err := readSmall(tr)
	if err != nil {
		return nil, ErrNotBackup
	}
	var h Header
	if err := json.Unmarshal(raw, &h); err != nil || h.Format != Format || h.Version < 1 {
		return nil, ErrNotBackup
	}
	h.sum = sha256.Sum256(raw)
	if h.Version > Version {
		return nil, fmt.Errorf("restore: the file's format version %d is newer than this sitecard's (%d); upgrade sitecard first", h.Version, Version)
	}
	if h.Schema > latest {
		return nil, ErrNewerSchema
	}
	if plain, err := sealed.New(opt.Secret, opt.Purpose).Open(h.KeyCheck); err != nil || plain != keyCheck {
		return nil, ErrWrongKey
	}
	return &h, nil
}

// Restore loads the file into db: it checks the header, verifies the whole file, builds
// the file's schema, refuses a database that holds a site unless Replace, loads every
// table in one transaction, and migrates on to this binary's schema. open is called once
// per pass over the file.
func Restore(ctx context.Context, db *bun.DB, schema Schema, open func() (io.ReadCloser, error), opt RestoreOptions) (*Manifest, error) {
	h, err := withFile(open, func(r io.Reader) (*Header, error) { return ReadHeader(r, opt, schema.Latest()) })
	if err != nil {
		return nil, err
	}
	if !h.Authenticated() && !opt.Unauthenticated {
		return nil, ErrUnauthenticated
	}
	man, err := withFile(open, func(r io.Reader) (*Manifest, error) { return Verify(r, h, opt) })
	if err != nil {
		return nil, err
	}
	if !h.Authenticated() && opt.Warn != nil {
		opt.Warn(WarnUnauthenticated)
	}
	applied, err := schema.Applied(ctx)
	if err != nil {
		return nil, err
	}
	if applied > h.Schema {
		if err := refuseNonEmpty(ctx, db, false); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("restore: the database's schema (%s) is newer than the backup's (%s): restore into a new, empty database, then start sitecard on it", applied, h.Schema)
	}
	if err := schema.UpTo(ctx, h.Schema); err != nil {
		return nil, fmt.Errorf("restore: build the backup's schema: %w", err)
	}
	if err := refuseNonEmpty(ctx, db, opt.Replace); err != nil {
		return nil, err
	}
	_, err = withFile(open, func(r io.Reader) (struct{}, error) { return struct{}{}, load(ctx, db, r, h, man, opt) })
	if err != nil {
		return nil, err
	}
	if err := schema.UpTo(ctx, schema.Latest()); err != nil {
		return nil, fmt.Errorf("restore: migrate to this sitecard's schema: %w", err)
	}
	return man, nil
}

func withFile[T any](open func() (io.ReadCloser, error), fn func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := open()
	if err != nil {
		return zero, err
	}
	defer f.Close()
	return fn(f)
}

// refuseNonEmpty refuses a database that holds a site of its own: a member, a message, or
// a card that is not the demo card a fresh start seeds.
func refuseNonEmpty(ctx context.Context, db bun.IDB, replace bool) error {
	if replace {
		return nil
	}
	existing, err := tableNames(ctx, db)
	if err != nil {
		return err
	}
	for table, where := range map[string]string{"members": "", "messages": "", "cards": " WHERE is_demo = 0"} {
		if !existing[table] {
			continue
		}
		var n int
		if err := db.NewRaw("SELECT COUNT(*) FROM "+table+where).Scan(ctx, &n); err != nil {
			return fmt.Errorf("restore: count %s: %w", table, err)
		}
		if n > 0 {
			return ErrNotEmpty
		}
	}
	return nil
}

// load empties the database's tables and inserts the file's rows, in one transaction: a
// failure half-way leaves the database as it was. The file is read a third time, so each
// table is summed again as it loads and compared with the manifest Verify checked before
// the transaction commits: a file changed between the passes is not half trusted.
func load(ctx context.Context, db *bun.DB, r io.Reader, h *Header, man *Manifest, opt RestoreOptions) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return ErrNotBackup
	}
	tr := tar.NewReader(zr)
	existing, err := tableNames(ctx, db)
	if err != nil {
		return err
	}
	return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		clear := append(slices.Clone(Ephemeral()), tableNamesOf(Tables())...)
		slices.Reverse(clear)
		for _, t := range clear {
			if !existing[t] {
				continue
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("restore: empty %s: %w", t, err)
			}
		}
		tables := map[string]*tableLoad{}
		for {
			th, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return &Damaged{Reason: err.Error()}
			}
			if !strings.HasPrefix(th.Name, "tables/") {
				continue
			}
			name := tableOf(th.Name)
			if !slices.Contains(h.Tables, name) || !existing[name] || !slices.Contains(tableNamesOf(Tables()), name) {
				return &Damaged{Table: name, Reason: "the table is not in the header or the schema"}
			}
			t := tables[name]
			if t == nil {
				cols, err := columnsOf(ctx, tx, name)
				if err != nil {
					return err
				}
				t = &tableLoad{name: name, columns: cols, sum: sha256.New(), gen: db.QueryGen(), progress: opt.Progress}
				tables[name] = t
			}
			if err := t.load(ctx, tx, io.TeeReader(tr, t.sum), opt.MaxLine); err != nil {
				return err
			}
		}
		for _, s := range man.Tables {
			t := tables[s.Name]
			if t == nil || hex.EncodeToString(t.sum.Sum(nil)) != s.SHA256 || t.rows != s.Rows {
				return &Damaged{Table: s.Name, Reason: "the file changed after it was checked"}
			}
		}
		return nil
	})
}

func tableNamesOf(ts []Table) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// tableLoad loads one table's entries, checking each value against its column.
type tableLoad struct {
	name     string
	columns  map[string]column
	cols     []string // the file's columns, in the order of the statements
	sum      hash.Hash
	rows     int64
	gen      schema.QueryGen
	progress func(string, int64, int64)
}

// load inserts one entry's rows, many to a statement. Values are written into the
// statement as bun writes them (so that SQLite's text times compare as the site's own
// do), except binary data, which the driver binds: written into the SQL as hex it would
// double, and MariaDB refuses a statement past max_allowed_packet (16 MB by default).
func (t *tableLoad) load(ctx context.Context, tx bun.Tx, r io.Reader, maxLine int) error {
	lines := newLineReader(r, maxLine)
	var batch [][]any
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := t.insert(ctx, tx, batch); err != nil {
			return err
		}
		if t.progress != nil {
			t.progress(t.name, t.rows, 0)
		}
		batch, size = batch[:0], 0
		return nil
	}
	for {
		line, err := lines.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return lineError(t.name, err, maxLine)
		}
		row, n, err := t.row(line, t.rows+int64(len(batch))+1)
		if err != nil {
			return err
		}
		batch = append(batch, row)
		if size += n; len(batch) >= 200 || size >= 2<<20 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// row decodes and checks one line, the n-th row of the table; it returns the row's values
// in t.cols's order and about how many bytes they hold.
func (t *tableLoad) row(line []byte, n int64) ([]any, int, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || dec.InputOffset() != int64(len(line)) {
		return nil, 0, &Damaged{Table: t.name, Reason: fmt.Sprintf("row %d does not read as one JSON object", n)}
	}
	for c := range obj {
		if !columnName.MatchString(c) {
			return nil, 0, &Damaged{Table: t.name, Reason: fmt.Sprintf("%q is not a column name", c)}
		}
		if _, ok := t.columns[c]; !ok {
			return nil, 0, &Invalid{Table: t.name, Row: n, Column: c, Reason: "the table has no such column"}
		}
	}
	if t.cols == nil {
		for c := range obj {
			t.cols = append(t.cols, c)
		}
		sort.Strings(t.cols)
	}
	if len(obj) != len(t.cols) {
		return nil, 0, &Damaged{Table: t.name, Reason: fmt.Sprintf("row %d has other columns than the first", n)}
	}
	row := make([]any, len(t.cols))
	size := 0
	for i, c := range t.cols {
		v, ok := obj[c]
		if !ok {
			return nil, 0, &Damaged{Table: t.name, Reason: fmt.Sprintf("row %d has other columns than the first", n)}
		}
		dv, err := decodeValue(v)
		if err != nil {
			return nil, 0, &Invalid{Table: t.name, Row: n, Column: c, Reason: err.Error()}
		}
		dv, why := t.columns[c].check(dv)
		if why != "" {
			return nil, 0, &Invalid{Table: t.name, Row: n, Column: c, Reason: why}
		}
		row[i] = dv
		switch x := dv.(type) {
		case []byte:
			size += len(x)
		case string:
			size += len(x)
		}
	}
	return row, size, nil
}

// insert writes a batch of rows in one statement.
func (t *tableLoad) insert(ctx context.Context, tx bun.Tx, batch [][]any) error {
	q := t.gen.AppendIdent([]byte("INSERT INTO "), t.name)
	q = append(q, " ("...)
	for i, c := range t.cols {
		if i > 0 {
			q = append(q, ", "...)
		}
		q = t.gen.AppendIdent(q, c)
	}
	q = append(q, ") VALUES "...)
	var args []any
	for i, row := range batch {
		if i > 0 {
			q = append(q, ", "...)
		}
		q = append(q, '(')
		for j, v := range row {
			if j > 0 {
				q = append(q, ", "...)
			}
			if b, ok := v.([]byte); ok {
				q, args = append(q, '?'), append(args, b)
			} else {
				q = t.gen.Append(q, v)
			}
		}
		q = append(q, ')')
	}
	if _, err := tx.Tx.ExecContext(ctx, string(q), args...); err != nil {
		return fmt.Errorf("restore: load %s: %w", t.name, err)
	}
	t.rows += int64(len(batch))
	return nil
}

// columnName is what a column of sitecard's schema is called; a file naming anything
// else is refused before its name reaches a statement.
var columnName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,63}$`)
