package services

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/kakao"
	"sitecard/internal/mailer"
	"sitecard/internal/webhook"
	"sitecard/models"
)

// Delivery limits.
const (
	MaxAttempts = 8
	maxBackoff  = 30 * time.Minute
)

// Outbox delivers visitors' messages to the owners' channels: KakaoTalk, email and
// webhooks. A message and its deliveries (one per channel) are committed before anyone is
// told "sent", so nothing is lost; each delivery is claimed by exactly one worker with a
// conditional update, so nothing is sent twice to one channel, and each has its own
// attempts and backoff, so one channel failing never holds up another.
type Outbox struct {
	db       bun.IDB
	tokens   *Tokens
	channels *Channels
	baseURL  string
	now      func() time.Time
	log      *slog.Logger
	wake     chan struct{}
	worker   string
	lanes    *lanes
	// reaches remembers for a second where each member's messages would go, for the
	// message window that asks on every visit.
	reaches *shortMemory[int64, memberReach]
	running atomic.Int32 // how many Run loops deliver (a sweep then only wakes them)
	commits *committer
	// released is told each attempt's channel and outcome (the metrics count them).
	released func(channel, outcome string)
	// claimTimeout is when a "sending" claim is taken to have died with its worker.
	claimTimeout time.Duration
}

// NewOutbox returns the outbox. It asks tokens to tell it when a member connects, to
// release the messages that waited for them.
func NewOutbox(db bun.IDB, tokens *Tokens, channels *Channels, baseURL string, log *slog.Logger) *Outbox {
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	return &Outbox{db: db, tokens: tokens, channels: channels, baseURL: baseURL, now: time.Now, log: log,
		wake: make(chan struct{}, 1), lanes: newLanes(), reaches: newShortMemory[int64, memberReach](), worker: hex.EncodeToString(b), commits: &committer{db: db}, released: func(string, string) {}, claimTimeout: 2 * time.Minute}
}

// WithClaimTimeout sets how long a claim may be silent before another worker takes over
// (OUTBOX_CLAIM_TIMEOUT).
func (o *Outbox) WithClaimTimeout(d time.Duration) *Outbox { o.claimTimeout = d; return o }

// OnRelease sets what is told each delivery attempt's channel and outcome.
func (o *Outbox) OnRelease(fn func(channel, outcome string)) { o.released = fn }

// Depth counts the messages in each outbox state.
func (o *Outbox) Depth(ctx context.Context) (map[string]int, error) {
	return models.CountByState(ctx, o.db)
}

// WithClock replaces the clock (tests).
func (o *Outbox) WithClock(now func() time.Time) *Outbox { o.now = now; return o }

// Enqueue stores a new message with a delivery for each of its owner's channels: due
// now, or waiting (KakaoTalk not connected, or the card has no owner yet). Then it wakes
// the worker.
func (o *Outbox) Enqueue(ctx context.Context, m *models.Message) error {
	now := o.now().UTC()
	if m.MemberID == nil {
		m.Deliveries = []*models.Delivery{models.NewDelivery(models.ChannelKakao, models.MessageWaiting, models.ReasonNoOwner, now)}
	} else {
		ds, err := o.channels.plan(ctx, *m.MemberID, o.tokens.Connected(ctx, *m.MemberID), now)
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
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// deliver sends one claimed delivery and releases it, and returns the state it left it
// in ("" when it was replaced by the owner's channels as they are now).
func (o *Outbox) deliver(ctx context.Context, id int64) (string, error) {
	d, err := models.DeliveryByID(ctx, o.db, id)
	if err != nil {
		return "", err
	}
	m, err := models.MessageByID(ctx, o.db, d.MessageID)
	if err != nil {
		return "", err
	}
	found, err := o.findOwner(ctx, m)
	if err != nil {
		return "", err
	}
	if m.MemberID == nil {
		return models.MessageWaiting, o.release(ctx, d, models.MessageWaiting, errNoOwner)
	}
	chs, err := models.ChannelsOf(ctx, o.db, *m.MemberID)
	if err != nil {
		return "", err
	}
	if !chs[d.Channel].Enabled || found {
		// The owner turned this channel off since the message came, or the message has
		// just found its owner: it goes by the owner's channels as they are now.
		if err := o.replan(ctx, m, d, !chs[d.Channel].Enabled); err != nil || !chs[d.Channel].Enabled {
			return "", err
		}
	}
	link := o.baseURL + "/admin/messages/" + strconv.FormatInt(m.ID, 10)
	switch d.Channel {
	case models.ChannelEmail, models.ChannelWebhook:
		return o.deliverOther(ctx, d, m, chs[d.Channel], link)
	}
	memo := kakao.NewMemo(m.Name, m.Email, m.Body, link)
	err = o.tokens.Send(ctx, *m.MemberID, memo)
	// Its outcome is KakaoTalk's health, as email's and the webhook's are theirs: the
	// channels page says "failing" when Kakao refuses or does not answer.
	o.channels.record(ctx, *m.MemberID, models.ChannelKakao, err)
	var up *UpstreamError
	switch {
	case err == nil:
		return models.MessageSent, o.release(ctx, d, models.MessageSent, nil)
	case errors.Is(err, ErrNotConnected):
		return models.MessageWaiting, o.release(ctx, d, models.MessageWaiting, err)
	case errors.As(err, &up) && up.Reconnect:
		return models.MessageWaiting, o.release(ctx, d, models.MessageWaiting, err)
	case kakao.ClassOf(err) == kakao.Permanent || d.Attempts >= MaxAttempts:
		return models.MessageFailed, o.release(ctx, d, models.MessageFailed, err)
	default:
		return models.MessagePending, o.release(ctx, d, models.MessagePending, err)
	}
}

// findOwner looks for the owner of a message sent to a card that had none: the card may
// have found one since (the first admin takes the demo card at setup). It reports whether
// it found one now.
func (o *Outbox) findOwner(ctx context.Context, m *models.Message) (bool, error) {
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
// message whose channels were all off waits on KakaoTalk for one to be turned on.
func (o *Outbox) replan(ctx context.Context, m *models.Message, d *models.Delivery, drop bool) error {
	now := o.now().UTC()
	plan, err := o.channels.plan(ctx, *m.MemberID, o.tokens.Connected(ctx, *m.MemberID), now)
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

// ReplanWaiting gives a member's messages that waited for a channel (every one was off, or
// the card had no owner) the deliveries their channels call for now: called when a
// channel is turned on, an address confirmed or a webhook saved.
func (o *Outbox) ReplanWaiting(ctx context.Context, memberID int64) error {
	const page = 200
	for after := int64(0); ; {
		ids, err := models.WaitingForAChannel(ctx, o.db, memberID, after, page)
		if err != nil || len(ids) == 0 {
			return err
		}
		for _, id := range ids {
			if err := o.replanWaiting(ctx, id); err != nil {
				return err
			}
		}
		if len(ids) < page {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

func (o *Outbox) replanWaiting(ctx context.Context, id int64) error {
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

// deliverOther delivers by email or webhook. A permanent refusal (an SMTP 5xx, a 410, a
// private address, the channel turned off) fails the delivery at once; anything else is
// tried again with backoff.
func (o *Outbox) deliverOther(ctx context.Context, d *models.Delivery, m *models.Message, ch *models.MemberChannel, link string) (string, error) {
	out := outgoing{msg: m, link: link, hookID: "dlv_" + strconv.FormatInt(d.ID, 10), createdAt: m.CreatedAt}
	if m.CardID != nil {
		slug, err := models.CardSlug(ctx, o.db, *m.CardID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return "", err
		}
		out.card = slug
	}
	var err error
	if d.Channel == models.ChannelEmail {
		err = o.channels.sendEmail(ctx, ch, out)
	} else {
		err = o.channels.sendWebhook(ctx, ch, out)
	}
	o.channels.record(ctx, *m.MemberID, d.Channel, err)
	var me *mailer.Error
	var se *webhook.StatusError
	switch {
	case err == nil:
		return models.MessageSent, o.release(ctx, d, models.MessageSent, nil)
	case errors.Is(err, errChannelOff):
		// Set up no more (the account's address changed since it was confirmed): the
		// message goes by the channels that are, read afresh.
		o.channels.routes.drop(*m.MemberID)
		return "", o.replan(ctx, m, d, true)
	case errors.Is(err, webhook.ErrBlocked), errors.Is(err, webhook.ErrSelf), errors.Is(err, errSecretChanged),
		errors.As(err, &me) && me.Permanent(), errors.As(err, &se) && se.Gone(), d.Attempts >= MaxAttempts:
		return models.MessageFailed, o.release(ctx, d, models.MessageFailed, err)
	default:
		return models.MessagePending, o.release(ctx, d, models.MessagePending, err)
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

// release ends this worker's claim: the delivery moves to state (pending means "retry
// after the backoff"), its attempt goes into the message's history with the failure's
// reason (none for a delivery), and the message's state follows, in one transaction.
func (o *Outbox) release(ctx context.Context, d *models.Delivery, state string, failure error) error {
	why, text := ChannelReason(d.Channel, failure), detail(failure)
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
		o.released(d.Channel, outcome)
	}
	return err
}

// ReleaseWaiting queues a member's messages that wait for KakaoTalk again, after they
// (re)connect.
func (o *Outbox) ReleaseWaiting(ctx context.Context, memberID int64) (int64, error) {
	n, err := models.ReleaseWaiting(ctx, o.db, memberID, models.ChannelKakao, o.now().UTC())
	if err != nil {
		return 0, err
	}
	o.Wake()
	return n, nil
}
