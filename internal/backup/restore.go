package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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
	// Progress, when set, is told each table's rows as they are loaded.
	Progress func(table string, rows, bytes int64)
}

// ReadHeader reads the file's header and checks that this binary can load it with this
// key: the first thing a restore does, before reading on.
func ReadHeader(r io.Reader, opt RestoreOptions, latest string) (*Header, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, ErrNotBackup
	}
	tr := tar.NewReader(zr)
	th, err := tr.Next()
	if err != nil || th.Name != "header.json" {
		return nil, ErrNotBackup
	}
	var h Header
	if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&h); err != nil || h.Format != Format {
		return nil, ErrNotBackup
	}
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

// Verify reads the whole file and checks every table against the manifest: a restore
// only starts writing once the file is known to be whole.
func Verify(r io.Reader) (*Manifest, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, ErrNotBackup
	}
	tr := tar.NewReader(zr)
	type acc struct {
		rows, bytes int64
		h           interface {
			io.Writer
			Sum([]byte) []byte
		}
	}
	seen := map[string]*acc{}
	var order []string
	var man *Manifest
	current := ""
	for {
		th, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &Damaged{Table: current, Reason: "it ends early or is corrupt (" + err.Error() + ")"}
		}
		switch {
		case th.Name == "header.json":
		case th.Name == "manifest.json":
			man = new(Manifest)
			if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(man); err != nil {
				return nil, &Damaged{Reason: "the manifest does not read"}
			}
		case strings.HasPrefix(th.Name, "tables/"):
			current = tableOf(th.Name)
			a := seen[current]
			if a == nil {
				a = &acc{h: sha256.New()}
				seen[current] = a
				order = append(order, current)
			}
			n, err := io.Copy(io.MultiWriter(a.h, lineCounter(&a.rows)), tr)
			a.bytes += n
			if err != nil {
				return nil, &Damaged{Table: current, Reason: "it ends early or is corrupt (" + err.Error() + ")"}
			}
		}
	}
	// gzip checks its own checksum at the end: a flipped bit anywhere shows here if not before.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, &Damaged{Table: current, Reason: err.Error()}
	}
	if man == nil {
		return nil, &Damaged{Reason: "it has no manifest: it ends early"}
	}
	for _, t := range man.Tables {
		a := seen[t.Name]
		if a == nil {
			return nil, &Damaged{Table: t.Name, Reason: "the table is missing"}
		}
		if hex.EncodeToString(a.h.Sum(nil)) != t.SHA256 || a.bytes != t.Bytes || a.rows != t.Rows {
			return nil, &Damaged{Table: t.Name, Reason: "its checksum does not match the manifest"}
		}
	}
	for _, name := range order {
		if !slices.ContainsFunc(man.Tables, func(t TableSum) bool { return t.Name == name }) {
			return nil, &Damaged{Table: name, Reason: "the table is not in the manifest"}
		}
	}
	return man, nil
}

func tableOf(entry string) string {
	name := strings.TrimPrefix(entry, "tables/")
	name, _, _ = strings.Cut(name, ".jsonl")
	return name
}

type lineCount struct{ n *int64 }

func (l lineCount) Write(p []byte) (int, error) {
	for _, b := range p {
		if b == '\n' {
			*l.n++
		}
	}
	return len(p), nil
}

func lineCounter(n *int64) io.Writer { return lineCount{n} }

// Restore loads the file into db: it checks the header, verifies the whole file, builds
// the file's schema, refuses a database that holds a site unless Replace, loads every
// table in one transaction, and migrates on to this binary's schema. open is called once
// per pass over the file.
func Restore(ctx context.Context, db *bun.DB, schema Schema, open func() (io.ReadCloser, error), opt RestoreOptions) (*Manifest, error) {
	h, err := withFile(open, func(r io.Reader) (*Header, error) { return ReadHeader(r, opt, schema.Latest()) })
	if err != nil {
		return nil, err
	}
	man, err := withFile(open, Verify)
	if err != nil {
		return nil, err
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
	_, err = withFile(open, func(r io.Reader) (struct{}, error) { return struct{}{}, load(ctx, db, r, h, opt) })
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
// failure half-way leaves the database as it was.
func load(ctx context.Context, db *bun.DB, r io.Reader, h *Header, opt RestoreOptions) error {
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
		for {
			th, err := tr.Next()
			if errors.Is(err, io.EOF) {
				return nil
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
			if err := loadTable(ctx, tx, db.QueryGen(), tr, name, opt.Progress); err != nil {
				return err
			}
		}
	})
}

func tableNamesOf(ts []Table) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// loadTable inserts one entry's rows, many to a statement. Values are written into the
// statement as bun writes them (so that SQLite's text times compare as the site's own
// do), except binary data, which the driver binds: written into the SQL as hex it would
// double, and MariaDB refuses a statement past max_allowed_packet (16 MB by default).
func loadTable(ctx context.Context, tx bun.Tx, gen schema.QueryGen, r io.Reader, name string, progress func(string, int64, int64)) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var cols []string
	var batch [][]any
	size := 0
	var rows int64
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		q := gen.AppendIdent([]byte("INSERT INTO "), name)
		q = append(q, " ("...)
		for i, c := range cols {
			if i > 0 {
				q = append(q, ", "...)
			}
			q = gen.AppendIdent(q, c)
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
					q = gen.Append(q, v)
				}
			}
			q = append(q, ')')
		}
		if _, err := tx.Tx.ExecContext(ctx, string(q), args...); err != nil {
			return fmt.Errorf("restore: load %s: %w", name, err)
		}
		rows += int64(len(batch))
		if progress != nil {
			progress(name, rows, 0)
		}
		batch, size = batch[:0], 0
		return nil
	}
	for {
		var obj map[string]any
		if err := dec.Decode(&obj); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return &Damaged{Table: name, Reason: "a row does not read: " + err.Error()}
		}
		if cols == nil {
			for c := range obj {
				if !columnName.MatchString(c) {
					return &Damaged{Table: name, Reason: fmt.Sprintf("%q is not a column name", c)}
				}
				cols = append(cols, c)
			}
			sort.Strings(cols)
		}
		if len(obj) != len(cols) {
			return &Damaged{Table: name, Reason: "rows disagree on their columns"}
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			v, ok := obj[c]
			if !ok {
				return &Damaged{Table: name, Reason: "rows disagree on their columns"}
			}
			dv, err := decodeValue(v)
			if err != nil {
				return &Damaged{Table: name, Reason: err.Error()}
			}
			row[i] = dv
			if b, ok := dv.([]byte); ok {
				size += len(b)
			} else if s, ok := dv.(string); ok {
				size += len(s)
			}
		}
		batch = append(batch, row)
		if len(batch) >= 200 || size >= 2<<20 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// columnName is what a column of sitecard's schema is called; a file naming anything
// else is refused before its name reaches a statement.
var columnName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,63}$`)
