package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Passkey is one WebAuthn credential of a member.
type Passkey struct {
	bun.BaseModel `bun:"table:passkeys"`

	ID             int64      `bun:"id,pk,autoincrement"`
	MemberID       int64      `bun:"member_id,notnull"`
	Name           string     `bun:"name,notnull"`
	CredentialHash string     `bun:"credential_hash,notnull"`
	Credential     string     `bun:"credential,notnull"`
	CreatedAt      time.Time  `bun:"created_at,notnull"`
	LastUsedAt     *time.Time `bun:"last_used_at"`
}

// InsertPasskey stores a new passkey.
func InsertPasskey(ctx context.Context, db bun.IDB, p *Passkey) error {
	if _, err := db.NewInsert().Model(p).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert passkey: %w", err)
	}
	return nil
}

// PasskeysOf lists a member's passkeys, oldest first.
func PasskeysOf(ctx context.Context, db bun.IDB, memberID int64) ([]Passkey, error) {
	var out []Passkey
	if err := db.NewSelect().Model(&out).Where("member_id = ?", memberID).Order("id").Limit(100).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: passkeys of %d: %w", memberID, err)
	}
	return out, nil
}

// CountPasskeys counts a member's passkeys.
func CountPasskeys(ctx context.Context, db bun.IDB, memberID int64) (int, error) {
	n, err := db.NewSelect().Model((*Passkey)(nil)).Where("member_id = ?", memberID).Count(ctx)
	return int(n), err
}

// PasskeyByHash returns the passkey with that credential hash, or ErrNotFound.
func PasskeyByHash(ctx context.Context, db bun.IDB, hash string) (*Passkey, error) {
	p := new(Passkey)
	if err := db.NewSelect().Model(p).Where("credential_hash = ?", hash).Scan(ctx); err != nil {
		return nil, notFound(err)
	}
	return p, nil
}

// UsePasskey stores the credential after a sign-in (its new sign count) and when.
func UsePasskey(ctx context.Context, db bun.IDB, id int64, credential string, now time.Time) error {
	_, err := db.NewUpdate().Model((*Passkey)(nil)).Set("credential = ?", credential).Set("last_used_at = ?", now).
		Where("id = ?", id).Exec(ctx)
	return err
}

// DeletePasskey removes one passkey of a member and reports whether there was one.
func DeletePasskey(ctx context.Context, db bun.IDB, memberID, id int64) (bool, error) {
	res, err := db.NewDelete().Model((*Passkey)(nil)).Where("member_id = ?", memberID).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: delete passkey: %w", err)
	}
	return rowsAffected(res) > 0, nil
}
