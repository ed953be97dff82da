package services

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"sitecard/kakao"
	"sitecard/models"
	"sitecard/validate"
)

// Delivery limits.
const (
	MaxAttempts  = 8
	claimTimeout = 2 * time.Minute // a "sending" claim older than this died with its worker
	maxBackoff   = 30 * time.Minute
)

// ErrRateLimited means a contact limit was reached.
var ErrRateLimited = errors.New("too many messages")

// Rate is N per window; N = 0 is no limit.
type Rate struct {
	N      int
	Window time.Duration
}

// Outbox accepts visitors' messages and delivers them to the owners' KakaoTalk. The row
// is committed before anyone is told "sent", so nothing is lost; each delivery is claimed
// by exactly one worker with a conditional update, so nothing is sent twice.
type Outbox struct {
	db      bun.IDB
	tokens  *Tokens
	baseURL string
	now     func() time.Time
	log     *slog.Logger
	wake    chan struct{}
	worker  string
	perIP   Rate
	perCard Rate
}

// NewOutbox returns the outbox.
func NewOutbox(db bun.IDB, tokens *Tokens, baseURL string, perIP, perCard Rate, log *slog.Logger) *Outbox {
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck
	return &Outbox{db: db, tokens: tokens, baseURL: baseURL, now: time.Now, log: log,
		wake: make(chan struct{}, 1), worker: hex.EncodeToString(b), perIP: perIP, perCard: perCard}
}

// WithClock replaces the clock (tests).
func (o *Outbox) WithClock(now func() time.Time) *Outbox { o.now = now; return o }

// Contact is what a visitor sends.
type Contact struct {
	Card     string // slug; empty means the primary card
	Name     string
	Email    string
	Message  string
	ClientIP string
}

// Submit validates and stores a message, then wakes the delivery worker.
func (o *Outbox) Submit(ctx context.Context, in Contact) (*models.Message, error) {
	values := validate.Trim(map[string]string{"name": in.Name, "email": in.Email, "message": in.Message})
	if err := invalid(validate.Contact().Check(values)); err != nil {
		return nil, err
	}
	card, err := o.card(ctx, in.Card)
	if err != nil {
		return nil, err
	}
	if err := o.checkRate(ctx, "client_ip = ?", in.ClientIP, o.perIP); err != nil {
		return nil, err
	}
	if err := o.checkRate(ctx, "card_id = ?", card.ID, o.perCard); err != nil {
		return nil, err
	}
	now := o.now().UTC()
	m := &models.Message{
		CardID: &card.ID, MemberID: card.MemberID, Name: values["name"], Email: values["email"], Body: values["message"],
		ClientIP: truncate(in.ClientIP, 45), State: models.MessagePending, NextAttemptAt: &now, CreatedAt: now, UpdatedAt: now,
	}
	if card.MemberID == nil || !o.tokens.Connected(ctx, *card.MemberID) {
		m.State, m.NextAttemptAt = models.MessageWaiting, nil
	}
	if _, err := o.db.NewInsert().Model(m).Exec(ctx); err != nil {
		return nil, fmt.Errorf("services: store message: %w", err)
	}
	o.Wake()
	return m, nil
}

func (o *Outbox) card(ctx context.Context, slug string) (*models.Card, error) {
	c := new(models.Card)
	q := o.db.NewSelect().Model(c).Column("id", "member_id").Where("published = ?", true)
	if slug == "" {
		q = q.OrderExpr("is_primary DESC, id ASC").Limit(1)
	} else {
		q = q.Where("slug = ?", slug)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fieldError("card", "choice")
	}
	return c, nil
}

func (o *Outbox) checkRate(ctx context.Context, where string, arg any, r Rate) error {
	if r.N == 0 {
		return nil
	}
	n, err := o.db.NewSelect().Model((*models.Message)(nil)).Where(where, arg).
		Where("created_at > ?", o.now().Add(-r.Window).UTC()).Count(ctx)
	if err != nil {
		return err
	}
	if int(n) >= r.N {
		return ErrRateLimited
	}
	return nil
}

// Wake asks the worker to look for work now.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run delivers messages whenever woken, until ctx ends. The sweep job covers anything a
// wake-up missed (another instance's message, a retry coming due).
func (o *Outbox) Run(ctx context.Context) {
	for {
		if _, err := o.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			o.log.Warn("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-o.wake:
		}
	}
}

// DeliverDue claims and delivers every message that is due, and returns how many it
// handled.
func (o *Outbox) DeliverDue(ctx context.Context) (int, error) {
	handled := 0
	for {
		now := o.now().UTC()
		var ids []int64
		err := o.db.NewSelect().Model((*models.Message)(nil)).Column("id").
			WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				return q.WhereGroup(" OR ", func(q *bun.SelectQuery) *bun.SelectQuery {
					return q.Where("state = ?", models.MessagePending).Where("next_attempt_at <= ?", now)
				}).WhereGroup(" OR ", func(q *bun.SelectQuery) *bun.SelectQuery {
					return q.Where("state = ?", models.MessageSending).Where("claimed_at < ?", now.Add(-claimTimeout))
				})
			}).Order("id").Limit(50).Scan(ctx, &ids)
		if err != nil {
			return handled, err
		}
		if len(ids) == 0 {
			return handled, nil
		}
		progress := false
		for _, id := range ids {
			ok, err := o.claim(ctx, id, now)
			if err != nil {
				return handled, err
			}
			if !ok {
				continue // another worker has it
			}
			progress = true
			handled++
			if err := o.deliver(ctx, id); err != nil {
				return handled, err
			}
		}
		if !progress {
			return handled, nil
		}
	}
}

// claim marks one message as being sent by this worker. The WHERE repeats the "due"
// condition, so of two workers racing for it only one gets a row affected.
func (o *Outbox) claim(ctx context.Context, id int64, now time.Time) (bool, error) {
	res, err := o.db.NewUpdate().Model((*models.Message)(nil)).
		Set("state = ?", models.MessageSending).Set("claimed_by = ?", o.worker).Set("claimed_at = ?", now).
		Set("attempts = attempts + 1").Set("updated_at = ?", now).
		Where("id = ?", id).
		WhereGroup(" AND ", func(q *bun.UpdateQuery) *bun.UpdateQuery {
			return q.WhereGroup(" OR ", func(q *bun.UpdateQuery) *bun.UpdateQuery {
				return q.Where("state = ?", models.MessagePending).Where("next_attempt_at <= ?", now)
			}).WhereGroup(" OR ", func(q *bun.UpdateQuery) *bun.UpdateQuery {
				return q.Where("state = ?", models.MessageSending).Where("claimed_at < ?", now.Add(-claimTimeout))
			})
		}).Exec(ctx)
	if err != nil {
		return false, fmt.Errorf("services: claim message %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func (o *Outbox) deliver(ctx context.Context, id int64) error {
	m := new(models.Message)
	if err := o.db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx); err != nil {
		return err
	}
	if m.MemberID == nil {
		return o.finish(ctx, m, models.MessageWaiting, "the card has no owner", nil)
	}
	memo := kakao.NewMemo(m.Name, m.Email, m.Body, o.baseURL+"/admin/messages/"+strconv.FormatInt(m.ID, 10))
	access, err := o.tokens.AccessToken(ctx, *m.MemberID)
	if err == nil {
		err = o.tokens.client.SendMemo(ctx, access, memo)
		if err != nil && kakao.ClassOf(err) == kakao.Unauthorized {
			// -401: refresh once, then resend (KAKAO.md).
			if access, err = o.tokens.Refresh(ctx, *m.MemberID, access); err == nil {
				err = o.tokens.client.SendMemo(ctx, access, memo)
			}
		}
	}
	switch {
	case err == nil:
		now := o.now().UTC()
		return o.finish(ctx, m, models.MessageSent, "", &now)
	case errors.Is(err, ErrNotConnected):
		return o.finish(ctx, m, models.MessageWaiting, "KakaoTalk is not connected", nil)
	case kakao.ClassOf(err) == kakao.Reconnect:
		if merr := o.tokens.MarkNeedsReconnect(ctx, *m.MemberID, err.Error()); merr != nil {
			return merr
		}
		return o.finish(ctx, m, models.MessageWaiting, err.Error(), nil)
	case kakao.ClassOf(err) == kakao.Permanent || m.Attempts >= MaxAttempts:
		return o.finish(ctx, m, models.MessageFailed, err.Error(), nil)
	default:
		return o.retryLater(ctx, m, err.Error())
	}
}

// backoff is 30 s doubled per attempt, capped at 30 minutes.
func backoff(attempt int) time.Duration {
	d := 30 * time.Second << min(attempt-1, 10)
	return min(d, maxBackoff)
}

func (o *Outbox) retryLater(ctx context.Context, m *models.Message, reason string) error {
	now := o.now().UTC()
	next := now.Add(backoff(m.Attempts))
	return o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewUpdate().Model((*models.Message)(nil)).Set("state = ?", models.MessagePending).
			Set("next_attempt_at = ?", next).Set("last_error = ?", reason).Set("claimed_by = ''").Set("updated_at = ?", now).
			Where("id = ?", m.ID).Where("claimed_by = ?", o.worker).Exec(ctx)
		if err != nil {
			return err
		}
		return o.attempt(ctx, tx, m, "retry", reason)
	})
}

func (o *Outbox) finish(ctx context.Context, m *models.Message, state, reason string, sentAt *time.Time) error {
	now := o.now().UTC()
	return o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewUpdate().Model((*models.Message)(nil)).Set("state = ?", state).Set("last_error = ?", reason).
			Set("claimed_by = ''").Set("updated_at = ?", now).Set("next_attempt_at = NULL")
		if sentAt != nil {
			q = q.Set("sent_at = ?", *sentAt)
		}
		if _, err := q.Where("id = ?", m.ID).Where("claimed_by = ?", o.worker).Exec(ctx); err != nil {
			return err
		}
		return o.attempt(ctx, tx, m, state, reason)
	})
}

func (o *Outbox) attempt(ctx context.Context, tx bun.Tx, m *models.Message, outcome, reason string) error {
	_, err := tx.NewInsert().Model(&models.MessageAttempt{MessageID: m.ID, Attempt: m.Attempts, Outcome: outcome,
		Error: reason, CreatedAt: o.now().UTC()}).Exec(ctx)
	return err
}

// ReleaseWaiting queues a member's waiting messages again, after they (re)connect.
func (o *Outbox) ReleaseWaiting(ctx context.Context, memberID int64) (int64, error) {
	now := o.now().UTC()
	res, err := o.db.NewUpdate().Model((*models.Message)(nil)).Set("state = ?", models.MessagePending).
		Set("next_attempt_at = ?", now).Set("updated_at = ?", now).
		Where("member_id = ?", memberID).Where("state = ?", models.MessageWaiting).Exec(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	o.Wake()
	return n, nil
}

// SetLimits changes the contact limits (tests; production takes them from the settings).
func (o *Outbox) SetLimits(perIP int, ipWindow time.Duration, perCard int, cardWindow time.Duration) {
	o.perIP, o.perCard = Rate{N: perIP, Window: ipWindow}, Rate{N: perCard, Window: cardWindow}
}
