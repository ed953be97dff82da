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
)

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
