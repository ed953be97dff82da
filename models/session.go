package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Session is one server-side session, in the shape fiber.Storage wants: key, value, expiry.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	Key     string `bun:"k,pk"`
	Value   []byte `bun:"v,notnull"`
	Expires int64  `bun:"e,notnull"`
}

// GetSession returns a live session's value, or ErrNotFound when it is missing or expired.
func GetSession(ctx context.Context, db bun.IDB, key string, now time.Time) ([]byte, error) {
	s := new(Session)
	err := db.NewSelect().Model(s).Where("k = ?", key).Where("e = 0 OR e > ?", now.Unix()).Scan(ctx)
	if err != nil {
		return nil, notFound(err)
	}
	return s.Value, nil
}

// PutSession inserts or replaces a session. expires is a Unix time; 0 never expires.
func PutSession(ctx context.Context, db bun.IDB, key string, value []byte, expires int64) error {
	q := upsert(db, db.NewInsert().Model(&Session{Key: key, Value: value, Expires: expires}), "k", []string{"v", "e"}, nil)
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("models: put session: %w", err)
	}
	return nil
}

// DeleteSession removes one session.
func DeleteSession(ctx context.Context, db bun.IDB, key string) error {
	_, err := db.NewDelete().Model((*Session)(nil)).Where("k = ?", key).Exec(ctx)
	return err
}

// DeleteAllSessions removes every session.
func DeleteAllSessions(ctx context.Context, db bun.IDB) error {
	_, err := db.NewDelete().Model((*Session)(nil)).Where("1 = 1").Exec(ctx)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry and returns how many.
func DeleteExpiredSessions(ctx context.Context, db bun.IDB, now time.Time) (int64, error) {
	res, err := db.NewDelete().Model((*Session)(nil)).Where("e > 0 AND e <= ?", now.Unix()).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: sweep sessions: %w", err)
	}
	return rowsAffected(res), nil
}
