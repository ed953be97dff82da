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

// SignedInSession is what the account page shows of a member's session, and what
// a request checks its session against: the row's member, not only the cookie's data,
// says whose it is.
type SignedInSession struct {
	bun.BaseModel `bun:"table:sessions"`

	Key       string `bun:"k,pk"`
	Expires   int64  `bun:"e,notnull"`
	MemberID  *int64 `bun:"member_id"`
	Ref       string `bun:"ref,notnull"`
	UserAgent string `bun:"user_agent,notnull"`
	ClientIP  string `bun:"client_ip,notnull"`
	StartedAt int64  `bun:"started_at,notnull"`
	SeenAt    int64  `bun:"seen_at,notnull"`
}

// ClaimSession makes the session key the member's, with the device and address it
// signed in from; the session row must exist (fiber saved it).
func ClaimSession(ctx context.Context, db bun.IDB, key string, memberID int64, ref, userAgent, ip string, now time.Time) error {
	res, err := db.NewUpdate().Model((*SignedInSession)(nil)).Set("member_id = ?", memberID).Set("ref = ?", ref).
		Set("user_agent = ?", userAgent).Set("client_ip = ?", ip).Set("started_at = ?", now.Unix()).
		Set("seen_at = ?", now.Unix()).Where("k = ?", key).Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: claim session: %w", err)
	}
	if rowsAffected(res) == 0 {
		return fmt.Errorf("models: claim session: %w", ErrNotFound)
	}
	return nil
}

// SessionByKey returns a session's record, or ErrNotFound. Whether it expired is the
// session store's to say, which read it first.
func SessionByKey(ctx context.Context, db bun.IDB, key string) (*SignedInSession, error) {
	s := new(SignedInSession)
	err := db.NewSelect().Model(s).Where("k = ?", key).Scan(ctx)
	if err != nil {
		return nil, notFound(err)
	}
	return s, nil
}

// TouchSession records that the session was seen now, unless it was seen since
// notBefore: of simultaneous requests at most one writes.
func TouchSession(ctx context.Context, db bun.IDB, key string, now, notBefore time.Time) error {
	_, err := db.NewUpdate().Model((*SignedInSession)(nil)).Set("seen_at = ?", now.Unix()).
		Where("k = ?", key).Where("seen_at < ?", notBefore.Unix()).Exec(ctx)
	return err
}

// SessionsOf lists a member's live sessions, the most recently seen first.
func SessionsOf(ctx context.Context, db bun.IDB, memberID int64, now time.Time) ([]SignedInSession, error) {
	var out []SignedInSession
	err := db.NewSelect().Model(&out).Where("member_id = ?", memberID).Where("e = 0 OR e > ?", now.Unix()).
		Order("seen_at DESC", "started_at DESC").Limit(200).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: sessions of %d: %w", memberID, err)
	}
	return out, nil
}

// EndSessionByRef ends one session of a member, named by its reference, and reports
// whether there was one.
func EndSessionByRef(ctx context.Context, db bun.IDB, memberID int64, ref string) (bool, error) {
	res, err := db.NewDelete().Model((*SignedInSession)(nil)).Where("member_id = ?", memberID).Where("ref = ?", ref).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: end session: %w", err)
	}
	return rowsAffected(res) > 0, nil
}

// EndSessionsExcept ends every session of a member but the one with key keep ("" for
// none) and returns how many ended. The rows go, so every instance refuses them on the
// next request.
func EndSessionsExcept(ctx context.Context, db bun.IDB, memberID int64, keep string) (int64, error) {
	q := db.NewDelete().Model((*SignedInSession)(nil)).Where("member_id = ?", memberID)
	if keep != "" {
		q = q.Where("k <> ?", keep)
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: end sessions of %d: %w", memberID, err)
	}
	return rowsAffected(res), nil
}
