package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// LoginAttempt is one failed sign-in, kept for throttling.
type LoginAttempt struct {
	bun.BaseModel `bun:"table:login_attempts"`

	ID        int64     `bun:"id,pk,autoincrement"`
	Login     string    `bun:"login,notnull"`
	ClientIP  string    `bun:"client_ip,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// CountLoginFailures counts failed sign-ins for one login and address since a time.
func CountLoginFailures(ctx context.Context, db bun.IDB, login, ip string, since time.Time) (int, error) {
	n, err := db.NewSelect().Model((*LoginAttempt)(nil)).
		Where("login = ?", login).Where("client_ip = ?", ip).Where("created_at > ?", since).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: count login attempts: %w", err)
	}
	return int(n), nil
}

// InsertLoginFailure records a failed sign-in.
func InsertLoginFailure(ctx context.Context, db bun.IDB, a *LoginAttempt) error {
	if _, err := db.NewInsert().Model(a).Exec(ctx); err != nil {
		return fmt.Errorf("models: record login attempt: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the failures of a login and address after a success.
func ClearLoginFailures(ctx context.Context, db bun.IDB, login, ip string) error {
	_, err := db.NewDelete().Model((*LoginAttempt)(nil)).Where("login = ?", login).Where("client_ip = ?", ip).Exec(ctx)
	return err
}
