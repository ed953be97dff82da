package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Token is a member's KakaoTalk connection; both tokens are stored encrypted.
type Token struct {
	bun.BaseModel `bun:"table:tokens"`

	ID               int64      `bun:"id,pk,autoincrement"`
	MemberID         int64      `bun:"member_id,notnull"`
	AccessToken      string     `bun:"access_token,notnull"`
	RefreshToken     string     `bun:"refresh_token,notnull"`
	Scope            string     `bun:"scope,notnull"`
	AccessExpiresAt  time.Time  `bun:"access_expires_at,notnull"`
	RefreshExpiresAt time.Time  `bun:"refresh_expires_at,notnull"`
	State            string     `bun:"state,notnull"`
	LastRefreshAt    *time.Time `bun:"last_refresh_at"`
	LastError        string     `bun:"last_error,notnull"`
	Reason           Reason     `bun:"reason,notnull"`
	CreatedAt        time.Time  `bun:"created_at,notnull"`
	UpdatedAt        time.Time  `bun:"updated_at,notnull"`
}

// KakaoCodeUse remembers an exchanged authorization code, so a reloaded callback does not
// exchange it again (Kakao answers KOE320 to a second use; docs/kakao.md).
type KakaoCodeUse struct {
	bun.BaseModel `bun:"table:kakao_code_uses"`

	CodeHash  string    `bun:"code_hash,pk"`
	MemberID  int64     `bun:"member_id,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// TokenOf returns a member's token row.
func TokenOf(ctx context.Context, db bun.IDB, memberID int64) (*Token, error) {
	t := new(Token)
	if err := db.NewSelect().Model(t).Where("member_id = ?", memberID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: token of %d: %w", memberID, notFound(err))
	}
	return t, nil
}

// Tokens lists every token row.
func Tokens(ctx context.Context, db bun.IDB) ([]Token, error) {
	var ts []Token
	if err := db.NewSelect().Model(&ts).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: tokens: %w", err)
	}
	return ts, nil
}

// ReplaceToken stores a member's new connection in place of any old one. Run it in a
// transaction so that the member is never seen without one.
func ReplaceToken(ctx context.Context, db bun.IDB, t *Token) error {
	if err := DeleteToken(ctx, db, t.MemberID); err != nil {
		return err
	}
	if _, err := db.NewInsert().Model(t).Exec(ctx); err != nil {
		return fmt.Errorf("models: store token: %w", err)
	}
	return nil
}

// DeleteToken forgets a member's connection.
func DeleteToken(ctx context.Context, db bun.IDB, memberID int64) error {
	_, err := db.NewDelete().Model((*Token)(nil)).Where("member_id = ?", memberID).Exec(ctx)
	return err
}

// SaveRefreshedToken stores a refreshed access token and, when Kakao rotated it, the new
// refresh token in the same statement, so that the two can never disagree
// (docs/kakao.md, "Refresh").
func SaveRefreshedToken(ctx context.Context, db bun.IDB, memberID int64, access string, accessExpires time.Time,
	refresh string, refreshExpires time.Time, state string, now time.Time) error {
	q := db.NewUpdate().Model((*Token)(nil)).
		Set("access_token = ?", access).Set("access_expires_at = ?", accessExpires).
		Set("state = ?", state).Set("last_refresh_at = ?", now).Set("last_error = ?", "").Set("reason = ?", ReasonNone).Set("updated_at = ?", now)
	if refresh != "" {
		q = q.Set("refresh_token = ?", refresh).Set("refresh_expires_at = ?", refreshExpires)
	}
	_, err := q.Where("member_id = ?", memberID).Exec(ctx)
	return err
}

// SetTokenState records a connection's state and the failure that led to it: its reason,
// and the error's text for the log.
func SetTokenState(ctx context.Context, db bun.IDB, memberID int64, state string, why Reason, lastError string, now time.Time) error {
	_, err := db.NewUpdate().Model((*Token)(nil)).Set("state = ?", state).Set("last_error = ?", lastError).Set("reason = ?", why).
		Set("updated_at = ?", now).Where("member_id = ?", memberID).Exec(ctx)
	return err
}

// TokensDue lists the members whose connection, unless it needs a reconnect, has an
// access token expiring before accessBefore or a refresh token expiring before
// refreshBefore.
func TokensDue(ctx context.Context, db bun.IDB, skipState string, accessBefore, refreshBefore time.Time) ([]int64, error) {
	var ids []int64
	err := db.NewSelect().Model((*Token)(nil)).Column("member_id").Where("state <> ?", skipState).
		Where("access_expires_at < ? OR refresh_expires_at < ?", accessBefore, refreshBefore).Scan(ctx, &ids)
	if err != nil {
		return nil, fmt.Errorf("models: tokens due: %w", err)
	}
	return ids, nil
}

// UseCode records that an authorization code was exchanged. It reports false when the
// code was used before (a reloaded callback).
func UseCode(ctx context.Context, db bun.IDB, u *KakaoCodeUse) (bool, error) {
	if _, err := db.NewInsert().Model(u).Exec(ctx); err != nil {
		exists, xerr := db.NewSelect().Model((*KakaoCodeUse)(nil)).Where("code_hash = ?", u.CodeHash).Exists(ctx)
		if xerr == nil && exists {
			return false, nil
		}
		return false, fmt.Errorf("models: record code use: %w", err)
	}
	return true, nil
}
