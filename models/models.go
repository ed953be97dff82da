// Package models maps sitecard's tables to bun structs and holds the queries on them.
// Query functions take a bun.IDB so that they work inside a transaction too.
package models

import (
	"database/sql"
	"errors"
	"time"

	"github.com/uptrace/bun"
)

// ErrNotFound is returned when a row does not exist (sql.ErrNoRows never leaves this package).
var ErrNotFound = errors.New("models: not found")

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

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
	CreatedAt    time.Time `bun:"created_at,notnull"`
	UpdatedAt    time.Time `bun:"updated_at,notnull"`
}

// Message states of the outbox.
const (
	MessagePending = "pending"
	MessageSending = "sending"
	MessageSent    = "sent"
	MessageFailed  = "failed"
	MessageWaiting = "waiting"
)

// Message is a visitor's message to a card owner; the row is the outbox entry.
type Message struct {
	bun.BaseModel `bun:"table:messages"`

	ID            int64      `bun:"id,pk,autoincrement"`
	CardID        *int64     `bun:"card_id"`
	MemberID      *int64     `bun:"member_id"`
	Name          string     `bun:"name,notnull"`
	Email         string     `bun:"email,notnull"`
	Body          string     `bun:"body,notnull"`
	ClientIP      string     `bun:"client_ip,notnull"`
	State         string     `bun:"state,notnull"`
	Attempts      int        `bun:"attempts,notnull"`
	NextAttemptAt *time.Time `bun:"next_attempt_at"`
	LastError     string     `bun:"last_error,notnull"`
	ClaimedBy     string     `bun:"claimed_by,notnull"`
	ClaimedAt     *time.Time `bun:"claimed_at"`
	SentAt        *time.Time `bun:"sent_at"`
	ReadAt        *time.Time `bun:"read_at"`
	CreatedAt     time.Time  `bun:"created_at,notnull"`
	UpdatedAt     time.Time  `bun:"updated_at,notnull"`
}

// MessageAttempt records one delivery try, for the inbox's delivery history.
type MessageAttempt struct {
	bun.BaseModel `bun:"table:message_attempts"`

	ID        int64     `bun:"id,pk,autoincrement"`
	MessageID int64     `bun:"message_id,notnull"`
	Attempt   int       `bun:"attempt,notnull"`
	Outcome   string    `bun:"outcome,notnull"`
	Error     string    `bun:"error,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

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
	CreatedAt        time.Time  `bun:"created_at,notnull"`
	UpdatedAt        time.Time  `bun:"updated_at,notnull"`
}

// Session is one server-side session, in the shape fiber.Storage wants: key, value, expiry.
type Session struct {
	bun.BaseModel `bun:"table:sessions"`

	Key     string `bun:"k,pk"`
	Value   []byte `bun:"v,notnull"`
	Expires int64  `bun:"e,notnull"`
}

// PageView counts one card's views on one day.
type PageView struct {
	bun.BaseModel `bun:"table:page_views"`

	CardID int64     `bun:"card_id,pk"`
	Day    time.Time `bun:"day,pk,type:date"`
	Views  int64     `bun:"views,notnull"`
}

// JobRun is the last known state of a scheduled job, shared by every instance.
type JobRun struct {
	bun.BaseModel `bun:"table:job_runs"`

	Name       string     `bun:"name,pk"`
	Schedule   string     `bun:"schedule,notnull"`
	LastRunAt  *time.Time `bun:"last_run_at"`
	NextRunAt  *time.Time `bun:"next_run_at"`
	LastResult string     `bun:"last_result,notnull"`
	LastError  string     `bun:"last_error,notnull"`
}

// LoginAttempt is one failed sign-in, kept for throttling.
type LoginAttempt struct {
	bun.BaseModel `bun:"table:login_attempts"`

	ID        int64     `bun:"id,pk,autoincrement"`
	Login     string    `bun:"login,notnull"`
	ClientIP  string    `bun:"client_ip,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// KakaoCodeUse remembers an exchanged authorization code, so a reloaded callback does not
// exchange it again (Kakao answers KOE320 to a second use).
type KakaoCodeUse struct {
	bun.BaseModel `bun:"table:kakao_code_uses"`

	CodeHash  string    `bun:"code_hash,pk"`
	MemberID  int64     `bun:"member_id,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}
