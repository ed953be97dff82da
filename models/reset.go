package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"
)

// PasswordReset is one password reset link mailed to a member.
type PasswordReset struct {
	bun.BaseModel `bun:"table:password_resets"`

	ID        int64      `bun:"id,pk,autoincrement"`
	MemberID  int64      `bun:"member_id,notnull"`
	TokenHash string     `bun:"token_hash,notnull"`
	ExpiresAt time.Time  `bun:"expires_at,notnull"`
	UsedAt    *time.Time `bun:"used_at"`
	CreatedAt time.Time  `bun:"created_at,notnull"`
}

// InsertPasswordReset stores a new reset link.
func InsertPasswordReset(ctx context.Context, db bun.IDB, r *PasswordReset) error {
	if _, err := db.NewInsert().Model(r).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert password reset: %w", err)
	}
	return nil
}

// PasswordResetByHash returns the reset link with that token hash, or ErrNotFound.
func PasswordResetByHash(ctx context.Context, db bun.IDB, hash string) (*PasswordReset, error) {
	r := new(PasswordReset)
	if err := db.NewSelect().Model(r).Where("token_hash = ?", hash).Scan(ctx); err != nil {
		return nil, notFound(err)
	}
	return r, nil
}

// UsePasswordReset marks an unused link used and reports whether this call did: of two
// simultaneous uses, one wins.
func UsePasswordReset(ctx context.Context, db bun.IDB, id int64, now time.Time) (bool, error) {
	res, err := db.NewUpdate().Model((*PasswordReset)(nil)).Set("used_at = ?", now).
		Where("id = ?", id).Where("used_at IS NULL").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: use password reset: %w", err)
	}
	return rowsAffected(res) == 1, nil
}

// RetirePasswordResets marks every unused link of a member used: once the password is
// reset, the other links mailed before are worthless.
func RetirePasswordResets(ctx context.Context, db bun.IDB, memberID int64, now time.Time) error {
	_, err := db.NewUpdate().Model((*PasswordReset)(nil)).Set("used_at = ?", now).
		Where("member_id = ?", memberID).Where("used_at IS NULL").Exec(ctx)
	return err
}

// DeleteOldPasswordResets removes links that expired before a time.
func DeleteOldPasswordResets(ctx context.Context, db bun.IDB, before time.Time) error {
	_, err := db.NewDelete().Model((*PasswordReset)(nil)).Where("expires_at < ?", before).Exec(ctx)
	return err
}

// ConfirmedEmail returns the member's address when it is the one they confirmed for
// the email channel, and "" otherwise: mail about the account goes only to an address
// the member showed is theirs.
func ConfirmedEmail(ctx context.Context, db bun.IDB, m *Member) (string, error) {
	if m.Email == "" {
		return "", nil
	}
	var target string
	err := db.NewSelect().Model((*MemberChannel)(nil)).Column("target").
		Where("member_id = ?", m.ID).Where("channel = ?", ChannelEmail).Scan(ctx, &target)
	if err = notFound(err); errors.Is(err, ErrNotFound) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("models: confirmed email of %d: %w", m.ID, err)
	}
	if target == "" || !strings.EqualFold(target, m.Email) {
		return "", nil
	}
	return m.Email, nil
}
