package messages

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"sitecard/models"
)

// Worker delivers the outbox: claim, send, record, through the lanes (lanes.go).
type Worker struct {
	outbox *outbox
}

// Depth counts the messages in each outbox state.
func (w *Worker) Depth(ctx context.Context) (map[string]int, error) {
	return models.CountByState(ctx, w.outbox.db)
}

// Wake asks the worker to look for work now.
func (w *Worker) Wake() { w.outbox.Wake() }

// deliver sends one claimed delivery by its channel and records how it went, and
// returns the state it left it in ("" when it was replaced by the owner's channels as
// they are now).
func (o *outbox) deliver(ctx context.Context, id int64) (string, error) {
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
		return models.MessageWaiting, o.release(ctx, d, models.MessageWaiting, models.ReasonNoOwner, errNoOwner)
	}
	l, c, err := o.letter(ctx, m, d)
	if err != nil {
		return "", err
	}
	if off := c == nil || !l.Setting.Enabled; off || found {
		// The owner turned this channel off since the message came, or the message has
		// just found its owner: it goes by the owner's channels as they are now.
		if err := o.replan(ctx, m, d, off); err != nil || off {
			return "", err
		}
	}
	out := c.Send(ctx, l)
	// Its outcome is the channel's health: the channels page says "failing" when the
	// receiver refuses or does not answer.
	o.record(ctx, l.MemberID, d.Channel, out)
	if out.Verdict == TurnOff {
		// Set up no more (the account's address changed since it was confirmed): the
		// message goes by the channels that are, read afresh.
		o.routes.Drop(l.MemberID)
		return "", o.replan(ctx, m, d, true)
	}
	st := state(out.Verdict, d.Attempts)
	return st, o.release(ctx, d, st, out.Reason, out.Err)
}

// letter is what delivery d of m carries, and the channel it goes by (nil: a channel
// this site no longer has).
func (o *outbox) letter(ctx context.Context, m *models.Message, d *models.Delivery) (Letter, Channel, error) {
	chs, err := models.ChannelsOf(ctx, o.db, *m.MemberID)
	if err != nil {
		return Letter{}, nil, err
	}
	l := Letter{Message: m, MemberID: *m.MemberID, Setting: setting(chs, *m.MemberID, d.Channel),
		Link: o.baseURL + "/admin/messages/" + strconv.FormatInt(m.ID, 10), ID: "dlv_" + strconv.FormatInt(d.ID, 10), CreatedAt: m.CreatedAt}
	if m.CardID != nil {
		slug, err := models.CardSlug(ctx, o.db, *m.CardID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return Letter{}, nil, err
		}
		l.Card = slug
	}
	return l, o.reg.get(d.Channel), nil
}

// dispatch starts as many due deliveries as there are free lanes and workers, first
// come first served by due time, and returns how many it started. Each runs under
// sendCtx and tells report how it ended.
func (o *outbox) dispatch(ctx, sendCtx context.Context, report func(error)) (int, error) {
	started := 0
	for _, channel := range o.reg.names() {
		free := o.lanes.free(channel)
		if free <= 0 {
			continue
		}
		now := o.now().UTC()
		// Lanes in flight may have more due; a few more rows than workers free is enough.
		due, err := models.DueByMember(ctx, o.db, channel, now, now.Add(-o.d.ClaimTimeout), free+o.reg.pool(channel))
		if err != nil {
			return started, err
		}
		for _, d := range due {
			k := lane{member: d.MemberID, channel: d.Channel}
			if until, ok := o.lanes.resting(k, now); ok {
				if err := o.rest(ctx, k, until); err != nil {
					return started, err
				}
				continue
			}
			if !o.lanes.take(k) {
				continue
			}
			ok, err := models.ClaimDelivery(ctx, o.db, d.ID, o.worker, now, now.Add(-o.d.ClaimTimeout))
			if err != nil || !ok {
				o.lanes.give(k) // !ok: another worker has it
				if err != nil {
					return started, err
				}
				continue
			}
			started++
			go func() {
				defer o.lanes.give(k)
				report(o.deliverClaimed(sendCtx, d.ID, k))
			}()
		}
	}
	return started, nil
}

// rest moves a resting lane's due deliveries to the end of its rest.
func (o *outbox) rest(ctx context.Context, k lane, until time.Time) error {
	n, err := models.DeferChannel(ctx, o.db, k.member, k.channel, until, o.now().UTC())
	if err == nil && n > 0 {
		o.log.Info("channel resting", "member", k.member, "channel", k.channel, "until", until, "deferred", n)
	}
	return err
}

// deliverClaimed delivers a claimed delivery and notes the outcome on its lane. A try
// cut short by a shutdown is given back, due again, instead of counting as a failure.
func (o *outbox) deliverClaimed(ctx context.Context, id int64, k lane) error {
	state, err := o.deliver(ctx, id)
	if ctx.Err() != nil {
		// The shutdown's grace ran out: whatever the try did not finish is given back.
		db, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if ok, uerr := models.UnclaimDelivery(db, o.db, id, o.worker, o.now().UTC()); uerr != nil || ok {
			o.log.Info("delivery given back at shutdown", "delivery", id, "err", uerr)
			return uerr
		}
		return err
	}
	if err != nil || k.member == 0 {
		return err
	}
	now := o.now().UTC()
	until, opened := o.lanes.outcome(k, state == models.MessageSent, state == models.MessagePending || state == models.MessageFailed, now)
	if opened {
		o.log.Warn("channel failing again and again: resting", "member", k.member, "channel", k.channel, "until", until)
		return o.rest(ctx, k, until)
	}
	return nil
}

// Run delivers messages whenever woken, a delivery ends or a retry may have come due,
// until ctx ends. Then the deliveries in flight get drainGrace to finish; those still
// going are cut short and given back.
func (w *Worker) Run(ctx context.Context) {
	o := w.outbox
	o.running.Add(1)
	defer o.running.Add(-1)
	sendCtx, cut := context.WithCancel(context.WithoutCancel(ctx))
	defer cut()
	report := func(err error) {
		if err != nil && sendCtx.Err() == nil {
			o.log.Warn("outbox", "err", err)
		}
	}
	tick := time.NewTicker(idlePoll)
	defer tick.Stop()
	for {
		next := o.lanes.next()
		if _, err := o.dispatch(ctx, sendCtx, report); err != nil && ctx.Err() == nil {
			o.log.Warn("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			drained := make(chan struct{})
			go func() { o.lanes.inFlight.Wait(); close(drained) }()
			select {
			case <-drained:
			case <-time.After(drainGrace):
				cut()
				<-drained
			}
			return
		case <-o.wake:
		case <-next:
		case <-tick.C:
		}
	}
}

// Sweep looks for work a wake-up missed (another instance's message, a retry come due):
// a running worker is woken; without one, the due deliveries are delivered here.
func (w *Worker) Sweep(ctx context.Context) error {
	if w.outbox.running.Load() > 0 {
		w.outbox.Wake()
		return nil
	}
	_, err := w.DeliverDue(ctx)
	return err
}

// DeliverDue delivers every delivery that is due, through the same lanes and pools as
// the worker, and returns when none is left in flight: how many it started, and the
// first error of any.
func (w *Worker) DeliverDue(ctx context.Context) (int, error) {
	o := w.outbox
	var mu sync.Mutex
	var first error
	report := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	handled := 0
	for {
		next := o.lanes.next()
		n, err := o.dispatch(ctx, ctx, report)
		handled += n
		if err != nil {
			o.lanes.inFlight.Wait()
			return handled, err
		}
		if n == 0 && o.lanes.idle() {
			mu.Lock()
			defer mu.Unlock()
			return handled, first
		}
		select {
		case <-next:
		case <-ctx.Done():
			o.lanes.inFlight.Wait()
			return handled, ctx.Err()
		}
	}
}
