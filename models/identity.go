package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// MemberIdentity links a member to an OpenID provider's account.
type MemberIdentity struct {
	bun.BaseModel `bun:"table:member_identities"`

	ID        int64     `bun:"id,pk,autoincrement"`
	MemberID  int64     `bun:"member_id,notnull"`
	Issuer    string    `bun:"issuer,notnull"`
	Subject   string    `bun:"subject,notnull"`
	Email     string    `bun:"email,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// IdentityOf returns the link for an issuer's subject, or ErrNotFound. The comparison
// is exact on both databases (a binary collation on MariaDB).
func IdentityOf(ctx context.Context, db bun.IDB, issuer, subject string) (*MemberIdentity, error) {
	i := new(MemberIdentity)
	if err := db.NewSelect().Model(i).Where("issuer = ?", issuer).Where("subject = ?", subject).Scan(ctx); err != nil {
		return nil, notFound(err)
	}
	if i.Issuer != issuer || i.Subject != subject {
		return nil, ErrNotFound
	}
	return i, nil
}

// InsertIdentity stores a link.
func InsertIdentity(ctx context.Context, db bun.IDB, i *MemberIdentity) error {
	if _, err := db.NewInsert().Model(i).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert identity: %w", err)
	}
	return nil
}
