package messages

import (
	"context"
	"errors"
	"log/slog"
	"sitecard/internal/ttlmap"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"sitecard/models"
)

// Delivery limits.
const (
	// MaxAttempts is how many tries a delivery gets before it fails, on every channel.
	MaxAttempts = 8
	maxBackoff  = 30 * time.Minute
)

// outbox holds visitors' messages until each of the owner's channels has them. A message
// and its deliveries (one per channel) are committed before anyone is told "sent", so
// nothing is lost; each delivery is claimed by exactly one worker with a conditional
// update, so nothing is sent twice to one channel, and each has its own attempts and
// backoff, so one channel failing never holds up another.
type outbox struct {
	*env
	reg     *registry
	worker  string // this instance's name on its claims
	wake    chan struct{}
	lanes   *lanes
	commits *committer
	// reaches remembers for a second where each member's messages would go, for the
	// message window that asks on every visit.
	reaches *ttlmap.Map[int64, memberReach]
	running atomic.Int32 // how many Run loops deliver (a sweep then only wakes them)
	metrics Counter      // nil: nobody counts
}

// routes is which of a member's channels are on, which of those can take a new message
// (those whose messages wait for them are asked afresh each time), and which failed
// their latest delivery.
type routes struct {
	on, ready, failing map[string]bool
}

// routesOf reads a member's channels, from the second-long memory when it can.
func (o *outbox) routesOf(ctx context.Context, memberID int64) (routes, error) {
	now := o.now()
	if r, ok := o.routes.Get(memberID, now); ok {
		return r, nil
	}
	chs, err := models.ChannelsOf(ctx, o.db, memberID)
	if err != nil {
		return routes{}, err
	}
	r := routes{on: map[string]bool{}, ready: map[string]bool{}, failing: map[string]bool{}}
	for _, c := range o.reg.list {
		ch := setting(chs, memberID, c.Name())
		if !ch.Enabled {
			continue
		}
		r.on[c.Name()] = true
		r.failing[c.Name()] = failing(ch.LastOKAt, ch.LastErrorAt)
		if o.reg.waits(c.Name()) {
			continue // asked afresh: a member who just connected is ready at once
		}
		if r.ready[c.Name()], _, err = c.Ready(ctx, memberID); err != nil {
			return routes{}, err
		}
	}
	o.routes.Put(memberID, r, now)
	return r, nil
}

// ready reports whether the named channel, on, can take a message for memberID now.
func (o *outbox) ready(ctx context.Context, r routes, memberID int64, name string) (bool, models.Reason, error) {
	if !r.on[name] {
		return false, models.ReasonChannelOff, nil
	}
	if o.reg.waits(name) {
		return o.reg.get(name).Ready(ctx, memberID)
	}
	return r.ready[name], models.ReasonNone, nil
}

// plan is the deliveries a new message for memberID gets: one per channel that is on and
// can deliver, and one waiting on each channel that is on and whose messages wait for it
// (KakaoTalk not connected). With none, the message waits on the holding channel, as it
// always did on KakaoTalk.
func (o *outbox) plan(ctx context.Context, memberID int64, now time.Time) ([]*models.Delivery, error) {
	r, err := o.routesOf(ctx, memberID)
	if err != nil {
		return nil, err
	}
	var ds []*models.Delivery
	for _, name := range o.reg.names() {
		if !r.on[name] {
			continue
		}
		ok, why, err := o.ready(ctx, r, memberID, name)
		switch {
		case err != nil:
			return nil, err
		case ok:
			ds = append(ds, models.NewDelivery(name, models.MessagePending, models.ReasonNone, now))
		case o.reg.waits(name):
			if why == models.ReasonNotConfigured {
				why = models.ReasonNotConnected // it waits for the owner to connect, once there is an app
			}
			ds = append(ds, models.NewDelivery(name, models.MessageWaiting, why, now))
		}
	}
	if len(ds) == 0 {
		ds = append(ds, models.NewDelivery(o.reg.holding().Name(), models.MessageWaiting, models.ReasonChannelOff, now))
	}
	return ds, nil
}

// enqueue stores a new message with a delivery for each of its owner's channels: due
// now, or waiting (KakaoTalk not connected, or the card has no owner yet). Then it wakes
// the worker.
func (o *outbox) enqueue(ctx context.Context, m *models.Message) error {
	now := o.now().UTC()
	if m.MemberID == nil {
		m.Deliveries = []*models.Delivery{models.NewDelivery(o.reg.holding().Name(), models.MessageWaiting, models.ReasonNoOwner, now)}
	} else {
		ds, err := o.plan(ctx, *m.MemberID, now)
		if err != nil {
			return err
		}
		m.Deliveries = ds
	}
	sum := make([]models.Delivery, len(m.Deliveries))
	for i, d := range m.Deliveries {
		sum[i] = *d
	}
	m.State, _, m.Reason, _, _ = models.Summary(sum)
	m.NextAttemptAt = nil
	if m.State == models.MessagePending {
		m.NextAttemptAt = &now
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
func (o *outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// findOwner looks for the owner of a message sent to a card that had none: the card may
// have found one since (the first admin takes the demo card at setup). It reports whether
// it found one now.
func (o *outbox) findOwner(ctx context.Context, m *models.Message) (bool, error) {
	if m.MemberID != nil || m.CardID == nil {
		return false, nil
	}
	owner, err := models.CardOwner(ctx, o.db, *m.CardID)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return false, err
	}
	if owner == nil {
		return false, nil
	}
	if err := models.SetMessageOwner(ctx, o.db, m.ID, *owner); err != nil {
		return false, err
	}
	m.MemberID = owner
	return true, nil
}

// replan gives a message the deliveries its owner's channels call for now, beside those
// it has: drop, if set, is replaced (this worker's claim, or a delivery that waits). A
// message whose channels were all off waits on the holding channel for one to be turned
// on.
func (o *outbox) replan(ctx context.Context, m *models.Message, d *models.Delivery, drop bool) error {
	now := o.now().UTC()
	plan, err := o.plan(ctx, *m.MemberID, now)
	if err != nil {
		return err
	}
	err = o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := models.LockMessage(ctx, tx, m.ID); err != nil {
			return err
		}
		if drop {
			worker := ""
			if d.State == models.MessageSending {
				worker = o.worker
			}
			ok, err := models.DropDelivery(ctx, tx, d.ID, worker)
			if err != nil || !ok {
				return err // !ok: another worker took it over, or it no longer waits
			}
		}
		have, err := models.DeliveriesOf(ctx, tx, m.ID)
		if err != nil {
			return err
		}
		has := map[string]bool{}
		for _, h := range have {
			has[h.Channel] = true
		}
		var add []*models.Delivery
		for _, nd := range plan {
			// The "no channel is on" placeholder only when the message has nothing else.
			if has[nd.Channel] || nd.Reason == models.ReasonChannelOff && len(have) > 0 {
				continue
			}
			nd.MessageID = m.ID
			add = append(add, nd)
		}
		if err := models.InsertDeliveries(ctx, tx, add); err != nil {
			return err
		}
		return models.Summarize(ctx, tx, m.ID, now)
	})
	if err == nil {
		o.log.Info("message replanned", "message", m.ID, "channel", d.Channel)
		o.Wake()
	}
	return err
}

// replanWaiting gives a member's messages that waited for a channel (every one was off,
// or the card had no owner) the deliveries their channels call for now: told when a
// channel is turned on, an address confirmed or a webhook saved.
func (o *outbox) replanWaiting(ctx context.Context, memberID int64) error {
	const page = 200
	for after := int64(0); ; {
		ids, err := models.WaitingForAChannel(ctx, o.db, memberID, after, page)
		if err != nil || len(ids) == 0 {
			return err
		}
		for _, id := range ids {
			if err := o.replanMessage(ctx, id); err != nil {
				return err
			}
		}
		if len(ids) < page {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

func (o *outbox) replanMessage(ctx context.Context, id int64) error {
	m, err := models.MessageByID(ctx, o.db, id)
	if err != nil {
		return err
	}
	if _, err := o.findOwner(ctx, m); err != nil || m.MemberID == nil {
		return err
	}
	ds, err := models.DeliveriesOf(ctx, o.db, id)
	if err != nil {
		return err
	}
	for i := range ds {
		if d := &ds[i]; d.State == models.MessageWaiting && (d.Reason == models.ReasonChannelOff || d.Reason == models.ReasonNoOwner) {
			return o.replan(ctx, m, d, true)
		}
	}
	return nil
}

// releaseWaiting queues a member's messages that wait for the holding channel's owner to
// connect (KakaoTalk) again, after they (re)connect.
func (o *outbox) releaseWaiting(ctx context.Context, memberID int64) (int64, error) {
	n, err := models.ReleaseWaiting(ctx, o.db, memberID, o.reg.holding().Name(), o.now().UTC())
	if err != nil {
		return 0, err
	}
	o.Wake()
	return n, nil
}

// backoff is 30 s doubled per attempt, capped at 30 minutes.
func backoff(attempt int) time.Duration {
	d := 30 * time.Second << min(attempt-1, 10)
	return min(d, maxBackoff)
}

// state is the delivery state a verdict leaves a delivery in after attempt: a retry
// after the last attempt fails it, on every channel.
func state(v Verdict, attempt int) string {
	switch {
	case v == Delivered:
		return models.MessageSent
	case v == Wait:
		return models.MessageWaiting
	case v == Failed, attempt >= MaxAttempts:
		return models.MessageFailed
	}
	return models.MessagePending
}

// release ends this worker's claim: the delivery moves to state (pending means "retry
// after the backoff"), its attempt goes into the message's history with the failure's
// reason (none for a delivery), and the message's state follows, in one transaction.
func (o *outbox) release(ctx context.Context, d *models.Delivery, state string, why models.Reason, failure error) error {
	text := detail(failure)
	now := o.now().UTC()
	outcome := state
	var next, sentAt *time.Time
	switch state {
	case models.MessagePending:
		t := now.Add(backoff(d.Attempts))
		next, outcome = &t, "retry"
	case models.MessageSent:
		sentAt = &now
	}
	err := o.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := models.LockMessage(ctx, tx, d.MessageID); err != nil {
			return err
		}
		ok, err := models.ReleaseDelivery(ctx, tx, d.ID, o.worker, state, why, text, next, sentAt, now)
		if err != nil || !ok {
			return err // !ok: another worker took the delivery over; its outcome counts
		}
		if err := models.InsertMessageAttempt(ctx, tx, &models.MessageAttempt{MessageID: d.MessageID, Channel: d.Channel,
			Attempt: d.Attempts, Outcome: outcome, Error: text, Reason: why, CreatedAt: now}); err != nil {
			return err
		}
		return models.Summarize(ctx, tx, d.MessageID, now)
	})
	if err == nil {
		// Each delivery and each setback shows in the log as it happens.
		level := slog.LevelInfo
		if state == models.MessageFailed {
			level = slog.LevelWarn
		}
		o.log.Log(ctx, level, "message "+outcome, "message", d.MessageID, "channel", d.Channel, "attempt", d.Attempts, "reason", why, "detail", text)
		if o.metrics != nil {
			o.metrics.Delivered(d.Channel, outcome)
		}
	}
	return err
}

// record notes a try's outcome as the channel's health. A channel waiting for its owner
// (KakaoTalk to connect again) is said as waiting, not failing.
func (o *outbox) record(ctx context.Context, memberID int64, channel string, out Outcome) {
	if out.Verdict == Wait {
		return
	}
	_ = models.RecordChannelOutcome(ctx, o.db, memberID, channel, out.Reason, detail(out.Err), o.now().UTC())
}
