package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// MemberTOTP is a member's authenticator app.
type MemberTOTP struct {
	bun.BaseModel `bun:"table:member_totp"`

	MemberID int64 `bun:"member_id,pk"`
	// Secret is the base32 secret, sealed with SECRET_KEY.
	Secret      string     `bun:"secret,notnull"`
	ConfirmedAt *time.Time `bun:"confirmed_at"`
	LastStep    int64      `bun:"last_step,notnull"`
	CreatedAt   time.Time  `bun:"created_at,notnull"`
}

// RecoveryCode is one single-use recovery code, as its hash.
type RecoveryCode struct {
	bun.BaseModel `bun:"table:recovery_codes"`

	ID        int64      `bun:"id,pk,autoincrement"`
	MemberID  int64      `bun:"member_id,notnull"`
	CodeHash  string     `bun:"code_hash,notnull"`
	UsedAt    *time.Time `bun:"used_at"`
	CreatedAt time.Time  `bun:"created_at,notnull"`
}

// TOTPOf returns the member's authenticator, confirmed or not, or ErrNotFound.
func TOTPOf(ctx context.Context, db bun.IDB, memberID int64) (*MemberTOTP, error) {
	t := new(MemberTOTP)
	if err := db.NewSelect().Model(t).Where("member_id = ?", memberID).Scan(ctx); err != nil {
		return nil, notFound(err)
	}
	return t, nil
}

// HasConfirmedTOTP reports whether the member signs in with a code.
func HasConfirmedTOTP(ctx context.Context, db bun.IDB, memberID int64) (bool, error) {
	return db.NewSelect().Model((*MemberTOTP)(nil)).Where("member_id = ?", memberID).
		Where("confirmed_at IS NOT NULL").Exists(ctx)
}

// PutTOTP stores a new, unconfirmed authenticator for the member, replacing one being
// set up; a confirmed one is not replaced (the caller checks).
func PutTOTP(ctx context.Context, db bun.IDB, t *MemberTOTP) error {
	q := upsert(db, db.NewInsert().Model(t), "member_id", []string{"secret", "confirmed_at", "last_step", "created_at"}, nil)
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("models: put totp: %w", err)
	}
	return nil
}

// ConfirmTOTP marks the authenticator confirmed with a code of step.
func ConfirmTOTP(ctx context.Context, db bun.IDB, memberID, step int64, now time.Time) (bool, error) {
	res, err := db.NewUpdate().Model((*MemberTOTP)(nil)).Set("confirmed_at = ?", now).Set("last_step = ?", step).
		Where("member_id = ?", memberID).Where("confirmed_at IS NULL").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: confirm totp: %w", err)
	}
	return rowsAffected(res) == 1, nil
}

// UseTOTPStep records that a code of step was accepted, unless one of that step or a
// later one was: a code works once, also when two requests bring it at once.
func UseTOTPStep(ctx context.Context, db bun.IDB, memberID, step int64) (bool, error) {
	res, err := db.NewUpdate().Model((*MemberTOTP)(nil)).Set("last_step = ?", step).
		Where("member_id = ?", memberID).Where("confirmed_at IS NOT NULL").Where("last_step < ?", step).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: use totp step: %w", err)
	}
	return rowsAffected(res) == 1, nil
}

// DeleteTOTP removes the member's authenticator and recovery codes, and reports whether
// there was a confirmed one.
func DeleteTOTP(ctx context.Context, db bun.IDB, memberID int64) (bool, error) {
	had, err := HasConfirmedTOTP(ctx, db, memberID)
	if err != nil {
		return false, err
	}
	if _, err := db.NewDelete().Model((*MemberTOTP)(nil)).Where("member_id = ?", memberID).Exec(ctx); err != nil {
		return false, fmt.Errorf("models: delete totp: %w", err)
	}
	if _, err := db.NewDelete().Model((*RecoveryCode)(nil)).Where("member_id = ?", memberID).Exec(ctx); err != nil {
		return false, fmt.Errorf("models: delete recovery codes: %w", err)
	}
	return had, nil
}

// ReplaceRecoveryCodes stores a member's new recovery codes in place of the old ones.
func ReplaceRecoveryCodes(ctx context.Context, db bun.IDB, memberID int64, hashes []string, now time.Time) error {
	if _, err := db.NewDelete().Model((*RecoveryCode)(nil)).Where("member_id = ?", memberID).Exec(ctx); err != nil {
		return fmt.Errorf("models: delete recovery codes: %w", err)
	}
	rows := make([]RecoveryCode, len(hashes))
	for i, h := range hashes {
		rows[i] = RecoveryCode{MemberID: memberID, CodeHash: h, CreatedAt: now}
	}
	if _, err := db.NewInsert().Model(&rows).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert recovery codes: %w", err)
	}
	return nil
}

// UseRecoveryCode marks an unused code of the member used and reports whether it was
// one: each works once, also when two requests bring it at once.
func UseRecoveryCode(ctx context.Context, db bun.IDB, memberID int64, hash string, now time.Time) (bool, error) {
	res, err := db.NewUpdate().Model((*RecoveryCode)(nil)).Set("used_at = ?", now).
		Where("member_id = ?", memberID).Where("code_hash = ?", hash).Where("used_at IS NULL").Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: use recovery code: %w", err)
	}
	return rowsAffected(res) == 1, nil
}

// UnusedRecoveryCodes counts the member's recovery codes left.
func UnusedRecoveryCodes(ctx context.Context, db bun.IDB, memberID int64) (int, error) {
	n, err := db.NewSelect().Model((*RecoveryCode)(nil)).Where("member_id = ?", memberID).Where("used_at IS NULL").Count(ctx)
	return int(n), err
}
