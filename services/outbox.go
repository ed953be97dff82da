package services

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/kakao"
	"sitecard/models"
)

// Delivery limits.
const (
	MaxAttempts = 8
	maxBackoff  = 30 * time.Minute
)

// Outbox delivers visitors' messages to the owners' KakaoTalk. The row is committed
// before anyone is told "sent", so nothing is lost; each delivery is claimed by exactly
// one worker with a conditional update, so nothing is sent twice.
type Outbox struct {
	db      bun.IDB
	tokens  *Tokens
	baseURL string
	now     func() time.Time
	log     *slog.Logger
	wake    chan struct{}
	worker  string
	commits *committer
	// released is told each attempt's outcome (the metrics count them).
	released func(outcome string)
	// claimTimeout is when a "sending" claim is taken to have died with its worker.
	claimTimeout time.Duration
}

// NewOutbox returns the outbox. It asks tokens to tell it when a member connects, to
// release the messages that waited for them.
func NewOutbox(db bun.IDB, tokens *Tokens, baseURL string, log *slog.Logger) *Outbox {
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	return &Outbox{db: db, tokens: tokens, baseURL: baseURL, now: time.Now, log: log,
		wake: make(chan struct{}, 1), worker: hex.EncodeToString(b), commits: &committer{db: db}, released: func(string) {}, claimTimeout: 2 * time.Minute}
}

// WithClaimTimeout sets how long a claim may be silent before another worker takes over
// (OUTBOX_CLAIM_TIMEOUT).
func (o *Outbox) WithClaimTimeout(d time.Duration) *Outbox { o.claimTimeout = d; return o }

// OnRelease sets what is told each delivery attempt's outcome.
func (o *Outbox) OnRelease(fn func(outcome string)) { o.released = fn }

// Depth counts the messages in each outbox state.
func (o *Outbox) Depth(ctx context.Context) (map[string]int, error) {
	return models.CountByState(ctx, o.db)
}

// WithClock replaces the clock (tests).
func (o *Outbox) WithClock(now func() time.Time) *Outbox { o.now = now; return o }

// Enqueue stores a new message: due now, or waiting when its owner has no working
// connection. Then it wakes the worker.
func (o *Outbox) Enqueue(ctx context.Context, m *models.Message) error {
	now := o.now().UTC()
	m.State, m.NextAttemptAt = models.MessagePending, &now
	if m.MemberID == nil || !o.tokens.Connected(ctx, *m.MemberID) {
		m.State, m.NextAttemptAt = models.MessageWaiting, nil
	}
	// In a transaction: a request that runs out of time before the commit leaves nothing
	// behind, rather than a message committed after the client was told it failed.
	if err := o.commits.store(ctx, m); err != nil {
		return err
	}
	o.Wake()
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
		ids, err := models.DueMessageIDs(ctx, o.db, now, now.Add(-o.claimTimeout), 50)
		if err != nil || len(ids) == 0 {
			return handled, err
		}
		progress := false
		for _, id := range ids {
			ok, err := models.ClaimMessage(ctx, o.db, id, o.worker, now, now.Add(-o.claimTimeout))
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

func (o *Outbox) deliver(ctx context.Context, id int64) error {
	m, err := models.MessageByID(ctx, o.db, id)
	if err != nil {
		return err
	}
	if m.MemberID == nil && m.CardID != nil {
		// The card may have found an owner since the message came (the first admin takes
		// the demo card at setup): look now, not only when it was sent.
		owner, err := models.CardOwner(ctx, o.db, *m.CardID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if owner != nil {
			if err := models.SetMessageOwner(ctx, o.db, m.ID, *owner); err != nil {
				return err
			}
			m.MemberID = owner
		}
	}
	if m.MemberID == nil {
		return o.release(ctx, m, models.MessageWaiting, errNoOwner)
	}
	memo := kakao.NewMemo(m.Name, m.Email, m.Body, o.baseURL+"/admin/messages/"+strconv.FormatInt(m.ID, 10))
	err = o.tokens.Send(ctx, *m.MemberID, memo)
	var up *UpstreamError
	switch {
	case err == nil:
		return o.release(ctx, m, models.MessageSent, nil)
	case errors.Is(err, ErrNotConnected):
		return o.release(ctx, m, models.MessageWaiting, err)
	case errors.As(err, &up) && up.Reconnect:
		return o.release(ctx, m, models.MessageWaiting, err)
	case kakao.ClassOf(err) == kakao.Permanent || m.Attempts >= MaxAttempts:
		return o.release(ctx, m, models.MessageFailed, err)
	default:
		return o.release(ctx, m, models.MessagePending, err)
	}
}

// detail is a failure's text for the delivery history and the log: Kakao's own words
// when Kakao refused.
func detail(err error) string {
	var up *UpstreamError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &up):
		return up.Err.Error()
	}
	return err.Error()
}

// backoff is 30 s doubled per attempt, capped at 30 minutes.
func backoff(attempt int) time.Duration {
	d := 30 * time.Second << min(attempt-1, 10)
	return min(d, maxBackoff)
}

// release ends this worker's claim: the message moves to state (pending means "retry
// after the backoff"), and the attempt goes into its history with the failure's reason
// (none for a delivery), in one transaction.
func (o *Outbox) release(ctx context.Context, m *models.Message, state string, failure error) error {
	why, text := reasonOf(failure), detail(failure)
	now := o.now().UTC()
	outcome := state
	var next, sentAt *time.Time
	switch state {
	case models.MessagePending:
		t := now.Add(backoff(m.Attempts))
		next, outcome = &t, "retry"
	case models.MessageSent:
		sentAt = &now
	}
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := models.ReleaseClaim(ctx, tx, m.ID, o.worker, state, why, text, next, sentAt, now); err != nil {
			return err
		}
		return models.InsertMessageAttempt(ctx, tx, &models.MessageAttempt{MessageID: m.ID, Attempt: m.Attempts,
			Outcome: outcome, Error: text, Reason: why, CreatedAt: now})
	})
	if err == nil {
		// Each delivery and each setback shows in the log as it happens.
		level := slog.LevelInfo
		if state == models.MessageFailed {
			level = slog.LevelWarn
		}
		o.log.Log(ctx, level, "message "+outcome, "message", m.ID, "attempt", m.Attempts, "reason", why, "detail", text)
		o.released(outcome)
	}
	return err
}

// ReleaseWaiting queues a member's waiting messages again, after they (re)connect.
func (o *Outbox) ReleaseWaiting(ctx context.Context, memberID int64) (int64, error) {
	n, err := models.ReleaseWaiting(ctx, o.db, memberID, o.now().UTC())
	if err != nil {
		return 0, err
	}
	o.Wake()
	return n, nil
}
