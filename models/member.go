package models

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"
)

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

// SearchMembers lists members whose login, name or email contains q, a page at a time.
func SearchMembers(ctx context.Context, db bun.IDB, q string, offset, limit int) ([]Member, int, error) {
	var ms []Member
	sel := db.NewSelect().Model(&ms).Order("id").Offset(int64(offset)).Limit(int64(limit))
	if q = strings.TrimSpace(q); q != "" {
		// '!' escapes LIKE wildcards: backslash means different things in MariaDB and SQLite.
		like := "%" + strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(strings.ToLower(q)) + "%"
		sel = sel.WhereGroup(" AND ", func(s *bun.SelectQuery) *bun.SelectQuery {
			return s.Where("LOWER(login) LIKE ? ESCAPE '!'", like).
				WhereOr("LOWER(display_name) LIKE ? ESCAPE '!'", like).
				WhereOr("LOWER(email) LIKE ? ESCAPE '!'", like)
		})
	}
	n, err := sel.ScanAndCount(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("models: search members: %w", err)
	}
	return ms, int(n), nil
}
