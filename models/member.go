package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Roles a member may have.
const (
	RoleAdmin  = "admin"
	RoleMember = "member"
)

// Member is a person who owns cards and signs in to the dashboard.
type Member struct {
	bun.BaseModel `bun:"table:members"`

	ID           int64     `bun:"id,pk,autoincrement"`
	Login        string    `bun:"login,notnull"`
	PasswordHash string    `bun:"password_hash,notnull"`
	DisplayName  string    `bun:"display_name,notnull"`
	Email        string    `bun:"email,notnull"`
	Role         string    `bun:"role,notnull"`
	Disabled     bool      `bun:"disabled,notnull"`
	SessionEpoch int64     `bun:"session_epoch,notnull"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
	UpdatedAt    time.Time `bun:"updated_at,notnull"`
}

// MemberByID returns one member.
func MemberByID(ctx context.Context, db bun.IDB, id int64) (*Member, error) {
	m := new(Member)
	if err := db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: member %d: %w", id, notFound(err))
	}
	return m, nil
}

// MemberByLogin returns the member with that login.
func MemberByLogin(ctx context.Context, db bun.IDB, login string) (*Member, error) {
	m := new(Member)
	if err := db.NewSelect().Model(m).Where("login = ?", login).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: member %q: %w", login, notFound(err))
	}
	return m, nil
}

// MembersByID lists every member in id order, or only member id when it is not 0.
func MembersByID(ctx context.Context, db bun.IDB, id int64) ([]Member, error) {
	var ms []Member
	q := db.NewSelect().Model(&ms).Order("id")
	if id != 0 {
		q = q.Where("id = ?", id)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: members: %w", err)
	}
	return ms, nil
}

// CountMembers returns how many members exist.
func CountMembers(ctx context.Context, db bun.IDB) (int, error) {
	n, err := db.NewSelect().Model((*Member)(nil)).Count(ctx)
	return int(n), err
}

// CountActiveAdmins counts enabled admins other than except (0 for none).
func CountActiveAdmins(ctx context.Context, db bun.IDB, except int64) (int, error) {
	n, err := db.NewSelect().Model((*Member)(nil)).
		Where("role = ?", RoleAdmin).Where("disabled = ?", false).Where("id <> ?", except).Count(ctx)
	return int(n), err
}

// InsertMember stores a new member and sets its ID.
func InsertMember(ctx context.Context, db bun.IDB, m *Member) error {
	if _, err := db.NewInsert().Model(m).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert member: %w", err)
	}
	return nil
}

// UpdateMemberProfile changes a member's display name and email.
func UpdateMemberProfile(ctx context.Context, db bun.IDB, id int64, displayName, email string, now time.Time) error {
	_, err := db.NewUpdate().Model((*Member)(nil)).Set("display_name = ?", displayName).Set("email = ?", email).
		Set("updated_at = ?", now).Where("id = ?", id).Exec(ctx)
	return err
}

// SetMemberPassword stores a new password hash.
func SetMemberPassword(ctx context.Context, db bun.IDB, id int64, hash string, now time.Time) error {
	_, err := db.NewUpdate().Model((*Member)(nil)).Set("password_hash = ?", hash).
		Set("updated_at = ?", now).Where("id = ?", id).Exec(ctx)
	return err
}

// SetMemberRole changes a member's role.
func SetMemberRole(ctx context.Context, db bun.IDB, id int64, role string, now time.Time) error {
	_, err := db.NewUpdate().Model((*Member)(nil)).Set("role = ?", role).
		Set("updated_at = ?", now).Where("id = ?", id).Exec(ctx)
	return err
}

// SetMemberDisabled disables or enables a member.
func SetMemberDisabled(ctx context.Context, db bun.IDB, id int64, disabled bool, now time.Time) error {
	_, err := db.NewUpdate().Model((*Member)(nil)).Set("disabled = ?", disabled).
		Set("updated_at = ?", now).Where("id = ?", id).Exec(ctx)
	return err
}

// DeleteMember removes a member; the schema removes their cards and token with them.
func DeleteMember(ctx context.Context, db bun.IDB, id int64) error {
	_, err := db.NewDelete().Model((*Member)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

// SearchMembers lists members whose login, name or email contains q, a page at a time.
func SearchMembers(ctx context.Context, db bun.IDB, q string, offset, limit int) ([]Member, error) {
	var ms []Member
	sel := matching(db.NewSelect().Model(&ms), q, "login", "display_name", "email")
	if err := sel.Order("id").Offset(int64(offset)).Limit(int64(limit)).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: search members: %w", err)
	}
	return ms, nil
}

// CountMembersMatching counts the members SearchMembers finds.
func CountMembersMatching(ctx context.Context, db bun.IDB, q string) (int, error) {
	n, err := matching(db.NewSelect().Model((*Member)(nil)), q, "login", "display_name", "email").Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: count members: %w", err)
	}
	return int(n), nil
}
