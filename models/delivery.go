package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"
)

// The channels a message can be delivered by.
const (
	ChannelKakao   = "kakao"
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// Channels lists the channels in the order the pages show them.
func Channels() []string { return []string{ChannelKakao, ChannelEmail, ChannelWebhook} }

// Delivery is one message on its way through one channel: the outbox's unit of work.
// Each has its own state, attempts and backoff, so one channel failing never holds up
// another.
type Delivery struct {
	bun.BaseModel `bun:"table:deliveries"`

	ID            int64      `bun:"id,pk,autoincrement"`
	MessageID     int64      `bun:"message_id,notnull"`
	Channel       string     `bun:"channel,notnull"`
	State         string     `bun:"state,notnull"`
	Attempts      int        `bun:"attempts,notnull"`
	NextAttemptAt *time.Time `bun:"next_attempt_at"`
	LastError     string     `bun:"last_error,notnull"`
	Reason        Reason     `bun:"reason,notnull"`
	ClaimedBy     string     `bun:"claimed_by,notnull"`
	ClaimedAt     *time.Time `bun:"claimed_at"`
	SentAt        *time.Time `bun:"sent_at"`
	CreatedAt     time.Time  `bun:"created_at,notnull"`
	UpdatedAt     time.Time  `bun:"updated_at,notnull"`
}

// NewDelivery is a delivery of a new message by channel, in state (pending: due at now).
func NewDelivery(channel, state string, why Reason, now time.Time) *Delivery {
	d := &Delivery{Channel: channel, State: state, Reason: why, CreatedAt: now, UpdatedAt: now}
	if state == MessagePending {
		d.NextAttemptAt = &now
	}
	return d
}

// Summary is the message's state told by its deliveries: in flight while any is, then
// failed or waiting when none arrived, partial when some did and others did not, sent
// when all did. The worst delivery's reason and text go with it.
func Summary(ds []Delivery) (state string, attempts int, why Reason, detail string, sentAt *time.Time) {
	rank := map[string]int{MessageSent: 0, MessageWaiting: 1, MessageFailed: 2, MessagePending: 3, MessageSending: 4}
	state = MessageSent
	for i := range ds {
		d := &ds[i]
		attempts = max(attempts, d.Attempts)
		if rank[d.State] > rank[state] || (rank[d.State] == rank[state] && d.Reason != "" && why == "") {
			state, why, detail = d.State, d.Reason, d.LastError
		}
		if d.SentAt != nil && (sentAt == nil || d.SentAt.After(*sentAt)) {
			sentAt = d.SentAt
		}
	}
	if len(ds) == 0 {
		state = MessageWaiting
	}
	if state == MessageFailed || state == MessageWaiting {
		for i := range ds {
			if ds[i].State == MessageSent {
				state = MessagePartial
				break
			}
		}
	}
	if state != MessageSent {
		sentAt = nil
	}
	return state, attempts, why, detail, sentAt
}

// DeliveriesOf returns a message's deliveries in channel order.
func DeliveriesOf(ctx context.Context, db bun.IDB, messageID int64) ([]Delivery, error) {
	var ds []Delivery
	if err := db.NewSelect().Model(&ds).Where("message_id = ?", messageID).Order("id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: deliveries of message %d: %w", messageID, err)
	}
	return ds, nil
}

// DeliveryByID returns one delivery.
func DeliveryByID(ctx context.Context, db bun.IDB, id int64) (*Delivery, error) {
	d := new(Delivery)
	if err := db.NewSelect().Model(d).Where("id = ?", id).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: delivery %d: %w", id, notFound(err))
	}
	return d, nil
}

// LockMessage takes the message's row for the rest of the transaction, before any of its
// deliveries or attempts. Every transaction that ends in Summarize starts with it: on
// MariaDB, two deliveries of one message released at once each took a shared lock on the
// message (the attempt's foreign key) and then both waited to update it, a deadlock that
// failed one of them. SQLite runs one writer at a time, so it has nothing to lock.
func LockMessage(ctx context.Context, db bun.IDB, messageID int64) error {
	if db.Dialect().Name() != dialect.MySQL {
		return nil
	}
	var id int64
	err := db.NewSelect().Model((*Message)(nil)).Column("id").Where("id = ?", messageID).For("UPDATE").Scan(ctx, &id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("models: lock message %d: %w", messageID, err)
	}
	return nil
}

// Summarize sets a message's state, attempts, reason and sent time from its deliveries.
// It runs in the transaction that changed a delivery, so the inbox never disagrees with
// the deliveries it lists.
func Summarize(ctx context.Context, db bun.IDB, messageID int64, now time.Time) error {
	ds, err := DeliveriesOf(ctx, db, messageID)
	if err != nil {
		return err
	}
	state, attempts, why, detail, sentAt := Summary(ds)
	var next *time.Time
	for _, d := range ds {
		if d.State == MessagePending && d.NextAttemptAt != nil && (next == nil || d.NextAttemptAt.Before(*next)) {
			next = d.NextAttemptAt
		}
	}
	_, err = db.NewUpdate().Model((*Message)(nil)).Set("state = ?", state).Set("attempts = ?", attempts).
		Set("reason = ?", why).Set("last_error = ?", detail).Set("sent_at = ?", sentAt).Set("next_attempt_at = ?", next).
		Set("updated_at = ?", now).Where("id = ?", messageID).Exec(ctx)
	if err != nil {
		return fmt.Errorf("models: summarize message %d: %w", messageID, err)
	}
	return nil
}

// dueWhere is the "ready to deliver" condition: pending and due, or claimed by a worker
// that stopped answering before staleBefore. Claiming uses it; DueByMember says the same
// of the joined rows.
const dueWhere = "(state = ? AND next_attempt_at <= ?) OR (state = ? AND claimed_at < ?)"

// ClaimDelivery marks one due delivery as being sent by worker and counts the attempt.
// The WHERE repeats the "due" condition, so of two workers racing for it only one gets a
// row affected and true.
func ClaimDelivery(ctx context.Context, db bun.IDB, id int64, worker string, now, staleBefore time.Time) (bool, error) {
	res, err := db.NewUpdate().Model((*Delivery)(nil)).
		Set("state = ?", MessageSending).Set("claimed_by = ?", worker).Set("claimed_at = ?", now).
		Set("attempts = attempts + 1").Set("updated_at = ?", now).
		Where("id = ?", id).Where(dueWhere, MessagePending, now, MessageSending, staleBefore).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: claim delivery %d: %w", id, err)
	}
	return rowsAffected(res) == 1, nil
}

// ReleaseDelivery ends worker's claim on a delivery: it moves to state, with the reason
// for a setback and its text. next is when to try again (pending only) and sentAt when it
// arrived (sent only). It reports false, changing nothing, when another worker took the
// claim over meanwhile.
func ReleaseDelivery(ctx context.Context, db bun.IDB, id int64, worker, state string, why Reason, detail string, next, sentAt *time.Time, now time.Time) (bool, error) {
	q := db.NewUpdate().Model((*Delivery)(nil)).Set("state = ?", state).Set("last_error = ?", detail).Set("reason = ?", why).
		Set("claimed_by = ''").Set("updated_at = ?", now).Set("next_attempt_at = ?", next)
	if sentAt != nil {
		q = q.Set("sent_at = ?", *sentAt)
	}
	res, err := q.Where("id = ?", id).Where("claimed_by = ?", worker).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: release delivery %d: %w", id, err)
	}
	return rowsAffected(res) == 1, nil
}

// RequeueMessage makes a message's failed or waiting deliveries due now, with a fresh
// attempt count.
func RequeueMessage(ctx context.Context, db bun.IDB, id int64, now time.Time) error {
	if err := LockMessage(ctx, db, id); err != nil {
		return err
	}
	_, err := db.NewUpdate().Model((*Delivery)(nil)).Set("state = ?", MessagePending).
		Set("attempts = 0").Set("next_attempt_at = ?", now).Set("updated_at = ?", now).
		Where("message_id = ?", id).Where("state IN (?, ?)", MessageFailed, MessageWaiting).Exec(ctx)
	if err != nil {
		return err
	}
	return Summarize(ctx, db, id, now)
}

// ReleaseWaiting makes a member's deliveries by channel that wait due now, with those of
// messages sent to their cards before anyone owned them, and returns how many messages.
func ReleaseWaiting(ctx context.Context, db bun.IDB, memberID int64, channel string, now time.Time) (int64, error) {
	var ids []int64
	// Those that wait because every channel was off wait for a channel, not for KakaoTalk.
	err := db.NewSelect().Model((*Delivery)(nil)).Column("message_id").
		Where("state = ?", MessageWaiting).Where("channel = ?", channel).Where("reason <> ?", ReasonChannelOff).
		Where("message_id IN (?)", memberMessages(db, memberID)).Scan(ctx, &ids)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	slices.Sort(ids) // rows locked in one order by every transaction
	err = db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		for chunk := range slices.Chunk(ids, 500) {
			for _, id := range chunk {
				if err := LockMessage(ctx, tx, id); err != nil {
					return err
				}
			}
			if _, err := tx.NewUpdate().Model((*Delivery)(nil)).Set("state = ?", MessagePending).
				Set("next_attempt_at = ?", now).Set("updated_at = ?", now).
				Where("state = ?", MessageWaiting).Where("channel = ?", channel).Where("reason <> ?", ReasonChannelOff).
				Where("message_id IN (?)", bun.List(chunk)).Exec(ctx); err != nil {
				return err
			}
			for _, id := range chunk {
				if err := Summarize(ctx, tx, id, now); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("models: release waiting messages: %w", err)
	}
	return int64(len(ids)), nil
}

// memberMessages selects the ids of a member's messages, with those sent to their cards
// before anyone owned them.
func memberMessages(db bun.IDB, memberID int64) *bun.SelectQuery {
	return db.NewSelect().Model((*Message)(nil)).Column("id").
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("member_id = ?", memberID).WhereOr("member_id IS NULL AND card_id IN (?)",
				db.NewSelect().Model((*Card)(nil)).Column("id").Where("member_id = ?", memberID))
		})
}

// WaitingForAChannel lists a member's messages (with those to their cards before they had
// an owner) that wait because no channel was on, or because they had no owner: a
// channel turned on gives them deliveries.
// They come a page at a time, by message ID after after.
func WaitingForAChannel(ctx context.Context, db bun.IDB, memberID, after int64, limit int) ([]int64, error) {
	var ids []int64
	err := db.NewSelect().Model((*Delivery)(nil)).ColumnExpr("DISTINCT message_id").Where("message_id > ?", after).
		Where("state = ?", MessageWaiting).Where("reason IN (?, ?)", ReasonChannelOff, ReasonNoOwner).
		Where("message_id IN (?)", memberMessages(db, memberID)).Order("message_id").Limit(int64(limit)).Scan(ctx, &ids)
	if err != nil {
		return nil, fmt.Errorf("models: messages waiting for a channel: %w", err)
	}
	return ids, nil
}

// DropDelivery deletes a delivery that is being replaced: one worker holds (its claim),
// or, with worker "", one that waits. It reports whether it was still so.
func DropDelivery(ctx context.Context, db bun.IDB, id int64, worker string) (bool, error) {
	q := db.NewDelete().Model((*Delivery)(nil)).Where("id = ?", id)
	if worker != "" {
		q = q.Where("claimed_by = ?", worker)
	} else {
		q = q.Where("state = ?", MessageWaiting)
	}
	res, err := q.Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: drop delivery %d: %w", id, err)
	}
	return rowsAffected(res) == 1, nil
}

// InsertDeliveries adds deliveries to existing messages.
func InsertDeliveries(ctx context.Context, db bun.IDB, ds []*Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	if _, err := db.NewInsert().Model(&ds).Exec(ctx); err != nil {
		return fmt.Errorf("models: add deliveries: %w", err)
	}
	return nil
}

// DueDelivery is a delivery ready to go, with the member whose messages it carries (0 for
// a message to a card without an owner): a member's channel is the outbox's lane.
type DueDelivery struct {
	ID       int64  `bun:"id"`
	MemberID int64  `bun:"member_id"`
	Channel  string `bun:"channel"`
}

// DueByMember lists, for one channel, the first delivery ready to go of each member, by
// when each came due: fairness is by due time across members, so that a member with a
// thousand retries due does not come before another member's one new message.
func DueByMember(ctx context.Context, db bun.IDB, channel string, now, staleBefore time.Time, limit int) ([]DueDelivery, error) {
	var out []DueDelivery
	err := db.NewRaw(`SELECT id, member_id, channel FROM (
		SELECT d.id, COALESCE(m.member_id, 0) AS member_id, d.channel, d.next_attempt_at AS due,
			ROW_NUMBER() OVER (PARTITION BY COALESCE(m.member_id, 0) ORDER BY d.next_attempt_at, d.id) AS n
		FROM deliveries d JOIN messages m ON m.id = d.message_id
		WHERE d.channel = ? AND ((d.state = ? AND d.next_attempt_at <= ?) OR (d.state = ? AND d.claimed_at < ?))
	) firsts WHERE n = 1 ORDER BY due, id LIMIT ?`,
		channel, MessagePending, now, MessageSending, staleBefore, limit).Scan(ctx, &out)
	if err != nil {
		return nil, fmt.Errorf("models: due %s deliveries: %w", channel, err)
	}
	return out, nil
}

// DeferChannel moves a member's pending deliveries by channel that are due before until
// to until, without counting an attempt: the channel has failed again and again, and
// rests as a whole instead of being tried once per message. It returns how many moved.
func DeferChannel(ctx context.Context, db bun.IDB, memberID int64, channel string, until, now time.Time) (int64, error) {
	res, err := db.NewUpdate().Model((*Delivery)(nil)).Set("next_attempt_at = ?", until).Set("updated_at = ?", now).
		Where("channel = ?", channel).Where("state = ?", MessagePending).Where("next_attempt_at < ?", until).
		Where("message_id IN (?)", db.NewSelect().Model((*Message)(nil)).Column("id").Where("member_id = ?", memberID)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: defer %s deliveries of member %d: %w", channel, memberID, err)
	}
	return rowsAffected(res), nil
}

// UnclaimDelivery gives back worker's claim on a delivery whose try was cut short by a
// shutdown: it is due again at once, and the try does not count as an attempt.
func UnclaimDelivery(ctx context.Context, db bun.IDB, id int64, worker string, now time.Time) (bool, error) {
	res, err := db.NewUpdate().Model((*Delivery)(nil)).Set("state = ?", MessagePending).Set("claimed_by = ''").
		Set("attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END").
		Set("next_attempt_at = ?", now).Set("updated_at = ?", now).
		Where("id = ?", id).Where("claimed_by = ?", worker).Where("state = ?", MessageSending).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("models: unclaim delivery %d: %w", id, err)
	}
	return rowsAffected(res) == 1, nil
}

// Reached is how many of a message's channels it reached.
type Reached struct {
	Sent, Total int
}

// ReachedOf counts, for each of the messages ids, its deliveries and those that arrived.
func ReachedOf(ctx context.Context, db bun.IDB, ids []int64) (map[int64]Reached, error) {
	out := map[int64]Reached{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		MessageID int64 `bun:"message_id"`
		Total     int   `bun:"total"`
		Sent      int   `bun:"sent"`
	}
	err := db.NewSelect().Model((*Delivery)(nil)).Column("message_id").ColumnExpr("COUNT(*) AS total").
		ColumnExpr("SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS sent", MessageSent).
		Where("message_id IN (?)", bun.List(ids)).Group("message_id").Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("models: channels reached: %w", err)
	}
	for _, r := range rows {
		out[r.MessageID] = Reached{Sent: r.Sent, Total: r.Total}
	}
	return out, nil
}
