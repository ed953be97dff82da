package services

import (
	"context"
	"sync"
	"time"

	"sitecard/models"
)

// How deliveries share the workers. Each member's channel is a lane: at most one of its
// deliveries is in flight at a time, so a receiver that never answers holds one worker,
// never the others. Each channel has its own small pool, so a dead webhook cannot take
// the workers KakaoTalk or email need; and which lane goes next is decided by due time
// across members, so one member's backlog of retries does not come before another's new
// message.
//
// A lane that fails again and again rests as a whole (a circuit breaker): after
// breakerThreshold failures in a row its due deliveries are moved to the end of a rest
// that doubles from 30 s up to 30 minutes, and no worker is spent on them meanwhile. The
// first delivery due after the rest is the probe: it arriving closes the breaker, it
// failing starts a longer rest.
const (
	breakerThreshold = 3
	// drainGrace is how long deliveries in flight may finish after a shutdown begins;
	// those still going are then cut short and given back, due at once.
	drainGrace = 5 * time.Second
	// idlePoll is how often a running worker looks for retries that came due, between
	// wake-ups.
	idlePoll = 5 * time.Second
)

// poolSize is how many deliveries by channel run at once on one instance. Each waits at
// most ChannelTimeout on its receiver.
func poolSize(channel string) int {
	if channel == models.ChannelWebhook {
		return 8 // the receivers are many and various
	}
	return 4 // one Kakao API, one mail relay
}

// lane is one member's channel.
type lane struct {
	member  int64
	channel string
}

// breaker is a lane's run of failures and, once open, when its rest ends.
type breaker struct {
	failures int       // in a row
	opened   int       // rests so far in this run: each is twice the last
	until    time.Time // zero: closed
}

// lanes is the instance's record of what is in flight and which lanes rest.
type lanes struct {
	mu       sync.Mutex
	busy     map[lane]bool
	inUse    map[string]int // deliveries in flight per channel
	breakers map[lane]*breaker
	changed  chan struct{} // closed (and replaced) when a delivery ends
	inFlight sync.WaitGroup
}

func newLanes() *lanes {
	return &lanes{busy: map[lane]bool{}, inUse: map[string]int{}, breakers: map[lane]*breaker{}, changed: make(chan struct{})}
}

// free is how many more deliveries by channel may start.
func (l *lanes) free(channel string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return poolSize(channel) - l.inUse[channel]
}

// take reserves a worker for k, if its lane is idle and its channel's pool has room.
func (l *lanes) take(k lane) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.busy[k] || l.inUse[k.channel] >= poolSize(k.channel) {
		return false
	}
	l.busy[k] = true
	l.inUse[k.channel]++
	l.inFlight.Add(1)
	return true
}

// give returns k's worker and tells whoever waits for one.
func (l *lanes) give(k lane) {
	l.mu.Lock()
	delete(l.busy, k)
	l.inUse[k.channel]--
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
	l.inFlight.Done()
}

// idle reports whether nothing is in flight.
func (l *lanes) idle() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.busy) == 0
}

// next is closed when the next delivery in flight ends.
func (l *lanes) next() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changed
}

// resting reports until when k rests, if it does at now.
func (l *lanes) resting(k lane, now time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.breakers[k]
	if b == nil || b.until.IsZero() || !now.Before(b.until) {
		return time.Time{}, false
	}
	return b.until, true
}

// failing reports whether k's latest delivery on this instance failed.
func (l *lanes) failing(k lane) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.breakers[k]
	return b != nil && b.failures > 0
}

// outcome notes how a delivery on k went: arrived resets the lane; failed counts
// towards a rest, and returns its end when one begins.
func (l *lanes) outcome(k lane, arrived, failed bool, now time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if arrived {
		delete(l.breakers, k)
		return time.Time{}, false
	}
	if !failed {
		return time.Time{}, false
	}
	b := l.breakers[k]
	if b == nil {
		b = &breaker{}
		l.breakers[k] = b
	}
	b.failures++
	if b.failures < breakerThreshold {
		return time.Time{}, false
	}
	b.opened++
	b.until = now.Add(backoff(b.opened))
	return b.until, true
}

// dispatch starts as many due deliveries as there are free lanes and workers, first
// come first served by due time, and returns how many it started. Each runs under
// sendCtx and tells report how it ended.
func (o *Outbox) dispatch(ctx, sendCtx context.Context, report func(error)) (int, error) {
	started := 0
	for _, channel := range models.Channels() {
		free := o.lanes.free(channel)
		if free <= 0 {
			continue
		}
		now := o.now().UTC()
		// Lanes in flight may have more due; a few more rows than workers free is enough.
		due, err := models.DueByMember(ctx, o.db, channel, now, now.Add(-o.claimTimeout), free+poolSize(channel))
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
			ok, err := models.ClaimDelivery(ctx, o.db, d.ID, o.worker, now, now.Add(-o.claimTimeout))
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
func (o *Outbox) rest(ctx context.Context, k lane, until time.Time) error {
	n, err := models.DeferChannel(ctx, o.db, k.member, k.channel, until, o.now().UTC())
	if err == nil && n > 0 {
		o.log.Info("channel resting", "member", k.member, "channel", k.channel, "until", until, "deferred", n)
	}
	return err
}

// deliverClaimed delivers a claimed delivery and notes the outcome on its lane. A try
// cut short by a shutdown is given back, due again, instead of counting as a failure.
func (o *Outbox) deliverClaimed(ctx context.Context, id int64, k lane) error {
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
func (o *Outbox) Run(ctx context.Context) {
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
func (o *Outbox) Sweep(ctx context.Context) error {
	if o.running.Load() > 0 {
		o.Wake()
		return nil
	}
	_, err := o.DeliverDue(ctx)
	return err
}

// DeliverDue delivers every delivery that is due, through the same lanes and pools as
// the worker, and returns when none is left in flight: how many it started, and the
// first error of any.
func (o *Outbox) DeliverDue(ctx context.Context) (int, error) {
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
