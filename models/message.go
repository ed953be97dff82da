package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
	"github.com/uptrace/bun/dialect/feature"
)

// Message states of the outbox.
const (
	MessagePending = "pending"
	MessageSending = "sending"
	MessageSent    = "sent"
	MessageFailed  = "failed"
	MessageWaiting = "waiting"
	// MessagePartial is a message that reached some of its channels, and failed or waits
	// on the others: neither delivered nor undelivered.
	MessagePartial = "partial"
)

// MessageStates lists the outbox states in the order the inbox filter shows them.
func MessageStates() []string {
	return []string{MessagePending, MessageSending, MessageSent, MessagePartial, MessageFailed, MessageWaiting}
}

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
	Reason        Reason     `bun:"reason,notnull"`
	ClaimedBy     string     `bun:"claimed_by,notnull"`
	ClaimedAt     *time.Time `bun:"claimed_at"`
	SentAt        *time.Time `bun:"sent_at"`
	ReadAt        *time.Time `bun:"read_at"`
	// IdempotencyKey is the API client's key: a retry with it finds this message.
	IdempotencyKey *string `bun:"idempotency_key"`
	// IdempotencyBody is a hash of the message the key came with.
	IdempotencyBody *string   `bun:"idempotency_body"`
	CreatedAt       time.Time `bun:"created_at,notnull"`
	UpdatedAt       time.Time `bun:"updated_at,notnull"`

	// Deliveries are the message's rows per channel, stored with it when it is new.
	Deliveries []*Delivery `bun:"-"`
}

// MessageAttempt records one delivery try, for the inbox's delivery history.
type MessageAttempt struct {
	bun.BaseModel `bun:"table:message_attempts"`

	ID        int64     `bun:"id,pk,autoincrement"`
	MessageID int64     `bun:"message_id,notnull"`
	Attempt   int       `bun:"attempt,notnull"`
	Channel   string    `bun:"channel,notnull"`
	Outcome   string    `bun:"outcome,notnull"`
	Error     string    `bun:"error,notnull"`
	Reason    Reason    `bun:"reason,notnull"`
	CreatedAt time.Time `bun:"created_at,notnull"`
}

// InsertMessage stores a visitor's message and sets its ID.
func InsertMessage(ctx context.Context, db bun.IDB, m *Message) error {
	if _, err := db.NewInsert().Model(m).Exec(ctx); err != nil {
		return fmt.Errorf("models: store message: %w", err)
	}
	return nil
}

// InsertMessages stores several new messages with their deliveries. On MariaDB the
// messages go in one statement, and RETURNING hands back their ids (in the order of the
// rows, checked); elsewhere, and for one message, a statement each.
func InsertMessages(ctx context.Context, db bun.IDB, msgs []*Message) error {
	if err := insertMessageRows(ctx, db, msgs); err != nil {
		return err
	}
	var ds []*Delivery
	for _, m := range msgs {
		for _, d := range m.Deliveries {
			d.MessageID = m.ID
			ds = append(ds, d)
		}
	}
	return InsertDeliveries(ctx, db, ds)
}

func insertMessageRows(ctx context.Context, db bun.IDB, msgs []*Message) error {
	if len(msgs) == 1 || db.Dialect().Name() != dialect.MySQL || !db.Dialect().Features().Has(feature.InsertReturning) {
		for _, m := range msgs {
			if err := InsertMessage(ctx, db, m); err != nil {
				return err
			}
		}
		return nil
	}
	if _, err := db.NewInsert().Model(&msgs).Returning("id").Exec(ctx); err != nil {
		return fmt.Errorf("models: store messages: %w", err)
	}
	for i, m := range msgs {
		if m.ID == 0 || i > 0 && m.ID <= msgs[i-1].ID {
			return fmt.Errorf("models: store messages: ids came back out of order")
		}
	}
	return nil
}

// MessageByIdempotencyKey returns the message an API client sent with that key.
func MessageByIdempotencyKey(ctx context.Context, db bun.IDB, key string) (*Message, error) {
	m := new(Message)
	if err := db.NewSelect().Model(m).Where("idempotency_key = ?", key).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: message with key %q: %w", key, notFound(err))
	}
	return m, nil
}

// MessageByID returns one message.
func MessageByID(ctx context.Context, db bun.IDB, id int64) (*Message, error) {
	m := new(Message)
	if err := db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: message %d: %w", id, notFound(err))
	}
	return m, nil
}

// CountMessages counts one member's messages (memberID 0: everyone's), or only those not
// delivered, up to limit (see CountMessagesIn).
func CountMessages(ctx context.Context, db bun.IDB, memberID int64, undelivered bool, limit int) (int, error) {
	q := db.NewSelect().Model((*Message)(nil)).ColumnExpr("1")
	if memberID != 0 {
		q = q.Where("member_id = ?", memberID)
	}
	if undelivered {
		q = q.Where("state IN (?)", bun.List([]string{MessagePending, MessageSending, MessageFailed, MessageWaiting}))
	}
	var n int
	if err := db.NewSelect().TableExpr("(?) AS t", q.Limit(int64(limit)+1)).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("models: count messages: %w", err)
	}
	return n, nil
}

// CountByState counts every message by its outbox state.
func CountByState(ctx context.Context, db bun.IDB) (map[string]int, error) {
	var rows []struct {
		State string `bun:"state"`
		N     int    `bun:"n"`
	}
	if err := db.NewSelect().Model((*Message)(nil)).ColumnExpr("state, COUNT(*) AS n").Group("state").Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("models: messages by state: %w", err)
	}
	out := map[string]int{}
	for _, st := range MessageStates() {
		out[st] = 0
	}
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// MessageFilter says whose messages (MemberID 0: everyone's) in which state ("" any)
// a list shows.
type MessageFilter struct {
	MemberID int64
	State    string
}

func (f MessageFilter) apply(q *bun.SelectQuery) *bun.SelectQuery {
	if f.MemberID != 0 {
		q = q.Where("member_id = ?", f.MemberID)
	}
	if f.State != "" {
		q = q.Where("state = ?", f.State)
	}
	return q
}

// Cursor is where a page of messages starts, by message ID, newest first: before an ID
// (older messages), after one (newer), the oldest page, or (zero) the newest. Unlike an
// offset, the last of 200,000 messages costs what the first does.
type Cursor struct {
	Before, After int64
	Oldest        bool
}

// ListMessages lists a page of the filter's messages at cursor, newest first.
func ListMessages(ctx context.Context, db bun.IDB, f MessageFilter, at Cursor, limit int) ([]Message, error) {
	var ms []Message
	q := f.apply(db.NewSelect().Model(&ms)).Limit(int64(limit))
	ascending := false
	switch {
	case at.Before > 0:
		q = q.Where("id < ?", at.Before).Order("id DESC")
	case at.After > 0:
		q, ascending = q.Where("id > ?", at.After).Order("id ASC"), true
	case at.Oldest:
		q, ascending = q.Order("id ASC"), true
	default:
		q = q.Order("id DESC")
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: list messages: %w", err)
	}
	if ascending {
		slices.Reverse(ms)
	}
	return ms, nil
}

// MessagesBeyond reports whether the filter has messages older than id (older) or newer.
func MessagesBeyond(ctx context.Context, db bun.IDB, f MessageFilter, id int64, older bool) (bool, error) {
	q := f.apply(db.NewSelect().Model((*Message)(nil)))
	if older {
		q = q.Where("id < ?", id)
	} else {
		q = q.Where("id > ?", id)
	}
	ok, err := q.Exists(ctx)
	if err != nil {
		return false, fmt.Errorf("models: messages beyond %d: %w", id, err)
	}
	return ok, nil
}

// CountMessagesIn counts the filter's messages, up to limit: past it the count stops at
// limit+1, so that the inbox of 200,000 messages costs what one of 10,000 does.
func CountMessagesIn(ctx context.Context, db bun.IDB, f MessageFilter, limit int) (int, error) {
	sub := f.apply(db.NewSelect().Model((*Message)(nil)).ColumnExpr("1")).Limit(int64(limit) + 1)
	var n int
	if err := db.NewSelect().TableExpr("(?) AS t", sub).ColumnExpr("COUNT(*)").Scan(ctx, &n); err != nil {
		return 0, fmt.Errorf("models: count messages: %w", err)
	}
	return n, nil
}

// MessageAttempts returns a message's delivery history, oldest first.
func MessageAttempts(ctx context.Context, db bun.IDB, messageID int64) ([]MessageAttempt, error) {
	var hist []MessageAttempt
	if err := db.NewSelect().Model(&hist).Where("message_id = ?", messageID).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: message %d history: %w", messageID, err)
	}
	return hist, nil
}

// InsertMessageAttempt adds one line to a message's delivery history.
func InsertMessageAttempt(ctx context.Context, db bun.IDB, a *MessageAttempt) error {
	_, err := db.NewInsert().Model(a).Exec(ctx)
	return err
}

// SetMessageOwner records who a message is for, found when it is delivered.
func SetMessageOwner(ctx context.Context, db bun.IDB, id, memberID int64) error {
	_, err := db.NewUpdate().Model((*Message)(nil)).Set("member_id = ?", memberID).Where("id = ?", id).Exec(ctx)
	return err
}

// MarkMessageRead records when the owner read a message.
func MarkMessageRead(ctx context.Context, db bun.IDB, id int64, now time.Time) error {
	_, err := db.NewUpdate().Model((*Message)(nil)).Set("read_at = ?", now).Where("id = ?", id).Exec(ctx)
	return err
}

// DeleteMessage removes a message, its deliveries and their history.
func DeleteMessage(ctx context.Context, db bun.IDB, id int64) error {
	if _, err := db.NewDelete().Model((*Delivery)(nil)).Where("message_id = ?", id).Exec(ctx); err != nil {
		return err
	}
	if _, err := db.NewDelete().Model((*MessageAttempt)(nil)).Where("message_id = ?", id).Exec(ctx); err != nil {
		return err
	}
	_, err := db.NewDelete().Model((*Message)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}
