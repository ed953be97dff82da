package models

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Upload is a stored photo or résumé. Uploads live in the database, so that every
// instance serves every file with nothing shared but the database.
type Upload struct {
	bun.BaseModel `bun:"table:uploads"`

	Name        string `bun:"name,pk"`
	ContentType string `bun:"content_type,notnull"`
	Body        []byte `bun:"body,notnull"`
	// Text is a résumé's text, read when it was uploaded (pages apart by a form feed);
	// nil until read. TextStatus says why there is none: a scan, or a file that could
	// not be read.
	Text       *string   `bun:"text"`
	TextStatus string    `bun:"text_status,notnull"`
	CreatedAt  time.Time `bun:"created_at,notnull"`
}

// UploadText is a stored file's text and its status, without the file.
func UploadText(ctx context.Context, db bun.IDB, name string) (text *string, status string, err error) {
	u := new(Upload)
	if err := db.NewSelect().Model(u).Column("text", "text_status").Where("name = ?", name).Scan(ctx); err != nil {
		return nil, "", fmt.Errorf("models: upload text %s: %w", name, notFound(err))
	}
	return u.Text, u.TextStatus, nil
}

// SetUploadText records the text read from a stored file, or why there is none.
func SetUploadText(ctx context.Context, db bun.IDB, name string, text *string, status string) error {
	_, err := db.NewUpdate().Model((*Upload)(nil)).Set("text = ?", text).Set("text_status = ?", status).
		Where("name = ?", name).Exec(ctx)
	return err
}

// InsertUpload stores a file; one with the same name already stored is left as it is.
//
// The file's bytes go to the server as a bound parameter, not in the statement: bun writes
// values into the SQL text, a blob as a hex literal twice its size, which MariaDB refuses
// past max_allowed_packet (16 MB by default), that is for a file of 8 MB or more.
func InsertUpload(ctx context.Context, db bun.IDB, u *Upload) error {
	row := *u
	row.Body = []byte{}
	q := db.NewInsert().Model(&row)
	q = upsert(db, q, "name", []string{"name"}, nil)
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("models: store upload: %w", err)
	}
	exec, err := driverExec(db)
	if err != nil {
		return err
	}
	if _, err := exec.ExecContext(ctx, "UPDATE uploads SET body = ? WHERE name = ? AND LENGTH(body) = 0", u.Body, u.Name); err != nil {
		return fmt.Errorf("models: store upload: %w", err)
	}
	return nil
}

// driverExec is db's database/sql side, whose parameters the driver binds.
func driverExec(db bun.IDB) (interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}, error) {
	switch d := db.(type) {
	case *bun.DB:
		return d.DB, nil
	case bun.Tx:
		return d.Tx, nil
	case *bun.Tx:
		return d.Tx, nil
	case bun.Conn:
		return d.Conn, nil
	}
	return nil, fmt.Errorf("models: no driver connection in %T", db)
}

// UploadByName returns a stored file.
func UploadByName(ctx context.Context, db bun.IDB, name string) (*Upload, error) {
	u := new(Upload)
	if err := db.NewSelect().Model(u).Where("name = ?", name).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: upload %s: %w", name, notFound(err))
	}
	return u, nil
}

// DeleteUpload removes a stored file.
func DeleteUpload(ctx context.Context, db bun.IDB, name string) error {
	_, err := db.NewDelete().Model((*Upload)(nil)).Where("name = ?", name).Exec(ctx)
	return err
}

// UploadExists reports whether a file of that name is stored.
func UploadExists(ctx context.Context, db bun.IDB, name string) (bool, error) {
	return db.NewSelect().Model((*Upload)(nil)).Where("name = ?", name).Exists(ctx)
}
