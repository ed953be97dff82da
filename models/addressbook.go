package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// SharedContact is a visitor's own contact, shared with a message by consent.
type SharedContact struct {
	bun.BaseModel `bun:"table:shared_contacts"`

	ID        int64     `bun:"id,pk,autoincrement"`
	MessageID int64     `bun:"message_id,notnull"`
	MemberID  *int64    `bun:"member_id"`
	Name      string    `bun:"name,notnull"`
	Email     string    `bun:"email,notnull"`
	Phone     string    `bun:"phone,notnull"`
	Org       string    `bun:"org,notnull"`
	Title     string    `bun:"title,notnull"`
	Consent   string    `bun:"consent,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// InsertSharedContact stores a shared contact.
func InsertSharedContact(ctx context.Context, db bun.IDB, c *SharedContact) error {
	if _, err := db.NewInsert().Model(c).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert shared contact: %w", err)
	}
	return nil
}

// SharedContactOfMessage returns the contact shared with a message.
func SharedContactOfMessage(ctx context.Context, db bun.IDB, messageID int64) (*SharedContact, error) {
	c := new(SharedContact)
	err := db.NewSelect().Model(c).Where("message_id = ?", messageID).Limit(1).Scan(ctx)
	return c, notFound(err)
}

// SharedContactsOf lists a member's shared contacts, oldest first, at most limit.
func SharedContactsOf(ctx context.Context, db bun.IDB, memberID int64, limit int64) ([]SharedContact, error) {
	var out []SharedContact
	err := db.NewSelect().Model(&out).Where("member_id = ?", memberID).OrderExpr("id").Limit(limit).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: shared contacts: %w", err)
	}
	return out, nil
}

// SharedContactOf returns one of a member's shared contacts.
func SharedContactOf(ctx context.Context, db bun.IDB, memberID, id int64) (*SharedContact, error) {
	c := new(SharedContact)
	err := db.NewSelect().Model(c).Where("member_id = ?", memberID).Where("id = ?", id).Limit(1).Scan(ctx)
	return c, notFound(err)
}

// DeleteSharedContact deletes one of a member's shared contacts.
func DeleteSharedContact(ctx context.Context, db bun.IDB, memberID, id int64) error {
	res, err := db.NewDelete().Model((*SharedContact)(nil)).Where("member_id = ?", memberID).Where("id = ?", id).Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: delete shared contact: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// DeleteSharedContactOfMessage deletes the contact shared with a message; the message stays.
func DeleteSharedContactOfMessage(ctx context.Context, db bun.IDB, messageID int64) error {
	res, err := db.NewDelete().Model((*SharedContact)(nil)).Where("message_id = ?", messageID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: delete shared contact: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// AppPassword is a password a member made for one client; only its hash is kept.
type AppPassword struct {
	bun.BaseModel `bun:"table:app_passwords"`

	ID         int64      `bun:"id,pk,autoincrement"`
	MemberID   int64      `bun:"member_id,notnull"`
	Name       string     `bun:"name,notnull"`
	Hash       string     `bun:"hash,notnull"`
	CreatedAt  time.Time  `bun:"created_at,notnull"`
	LastUsedAt *time.Time `bun:"last_used_at"`
	RevokedAt  *time.Time `bun:"revoked_at"`
}

// InsertAppPassword stores an app password's hash.
func InsertAppPassword(ctx context.Context, db bun.IDB, p *AppPassword) error {
	if _, err := db.NewInsert().Model(p).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert app password: %w", err)
	}
	return nil
}

// AppPasswordsOf lists a member's app passwords, newest first.
func AppPasswordsOf(ctx context.Context, db bun.IDB, memberID int64) ([]AppPassword, error) {
	var out []AppPassword
	if err := db.NewSelect().Model(&out).Where("member_id = ?", memberID).OrderExpr("id DESC").Limit(100).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: app passwords: %w", err)
	}
	return out, nil
}

// AppPasswordByHash returns the unrevoked app password with a hash.
func AppPasswordByHash(ctx context.Context, db bun.IDB, hash string) (*AppPassword, error) {
	p := new(AppPassword)
	err := db.NewSelect().Model(p).Where("hash = ?", hash).Where("revoked_at IS NULL").Limit(1).Scan(ctx)
	return p, notFound(err)
}

// AppPasswordByID returns an app password, revoked or not.
func AppPasswordByID(ctx context.Context, db bun.IDB, id int64) (*AppPassword, error) {
	p := new(AppPassword)
	err := db.NewSelect().Model(p).Where("id = ?", id).Limit(1).Scan(ctx)
	return p, notFound(err)
}

// RevokeAppPassword revokes one of a member's app passwords.
func RevokeAppPassword(ctx context.Context, db bun.IDB, memberID, id int64, at time.Time) error {
	res, err := db.NewUpdate().Model((*AppPassword)(nil)).Set("revoked_at = ?", at).
		Where("member_id = ?", memberID).Where("id = ?", id).Where("revoked_at IS NULL").Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: revoke app password: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// TouchAppPassword records when an app password was last used.
func TouchAppPassword(ctx context.Context, db bun.IDB, id int64, at time.Time) error {
	_, err := db.NewUpdate().Model((*AppPassword)(nil)).Set("last_used_at = ?", at).Where("id = ?", id).Exec(ctx)
	return err
}
