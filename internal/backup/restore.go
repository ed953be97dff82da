package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/uptrace/bun"

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
