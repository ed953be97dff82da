package messages

import (
	"context"
	"maps"
	"slices"
	"strings"

	"sitecard/models"
)

// Reach is where a visitor's message goes, as the message window tells them before and
// after sending: the channels that carry it at once, or why none does. The visitor is
// never told "delivered" of a message that is only on its way or saved.
type Reach struct {
	// Channels carry the message at once: on, ready (KakaoTalk connected, the address
	// confirmed, a URL saved) and not failing, in the pages' order.
	Channels []string
	// Failing says channels are ready but each failed its latest delivery: the message is
	// kept and tried again.
	Failing bool
}

// The reaches beside a list of channels.
const (
	ReachSaved   = "saved"   // no channel can carry it: it waits in the owner's inbox
	ReachFailing = "failing" // the owner's channels are failing: it is kept and retried
)

// Key names the reach for its texts and for ?sent=: the channels joined by "_"
// ("kakao_email"), or ReachFailing, or ReachSaved.
func (r Reach) Key() string {
	switch {
	case len(r.Channels) > 0:
		return strings.Join(r.Channels, "_")
	case r.Failing:
		return ReachFailing
	}
	return ReachSaved
}

// State is the reach in a word for the JSON API: sending, failing or saved.
func (r Reach) State() string {
	if len(r.Channels) > 0 {
		return "sending"
	}
	return r.Key()
}

// ReachKeys lists every key a reach can have.
func (s *Intake) ReachKeys() []string {
	keys := []string{ReachSaved, ReachFailing}
	chs := s.outbox.reg.names()
	for mask := 1; mask < 1<<len(chs); mask++ {
		var names []string
		for i, ch := range chs {
			if mask&(1<<i) != 0 {
				names = append(names, ch)
			}
		}
		keys = append(keys, strings.Join(names, "_"))
	}
	return keys
}

// ValidReachKey reports whether k is a reach's key.
func (s *Intake) ValidReachKey(k string) bool { return slices.Contains(s.ReachKeys(), k) }

// memberReach is which of a member's channels are ready, and which of those failing.
type memberReach struct {
	ready, failing map[string]bool
}

// reachOf reads a member's channels as a new message would find them; remembered, from
// the second-long memory when it can: the message window asks on every visit.
func (o *outbox) reachOf(ctx context.Context, memberID int64, remembered bool) (memberReach, error) {
	now := o.now()
	if r, ok := o.reaches.Get(memberID, now); ok && remembered {
		return r, nil
	}
	rt, err := o.routesOf(ctx, memberID)
	if err != nil {
		return memberReach{}, err
	}
	r := memberReach{ready: map[string]bool{}, failing: maps.Clone(rt.failing)}
	for _, name := range o.reg.names() {
		if r.ready[name], _, err = o.ready(ctx, rt, memberID, name); err != nil {
			return memberReach{}, err
		}
		// Deliveries go through this instance's lanes, which know of a failure before
		// the second-long memory of the routes does: when the latest failed (Kakao's API
		// down), the visitor is not told it goes straight there.
		if r.ready[name] && o.lanes.failing(lane{member: memberID, channel: name}) {
			r.failing[name] = true
		}
	}
	o.reaches.Put(memberID, r, now)
	return r, nil
}

// reach is where a message by these channels goes: those of them that are not failing,
// or, with none, failing when there were some.
func (r memberReach) reach(names []string, channels func(string) bool) Reach {
	var out Reach
	some := false
	for _, ch := range names {
		if !channels(ch) {
			continue
		}
		some = true
		if !r.failing[ch] {
			out.Channels = append(out.Channels, ch)
		}
	}
	out.Failing = some && len(out.Channels) == 0
	return out
}

// MemberReach is where a message to memberID's cards would go now (memberID 0: a card without
// an owner, whose messages wait), as the owner's dashboard says it: read afresh, so that
// a channel just connected shows at once.
func (s *Intake) MemberReach(ctx context.Context, memberID int64) (Reach, error) {
	return s.outbox.reach(ctx, memberID, false)
}

func (o *outbox) reach(ctx context.Context, memberID int64, remembered bool) (Reach, error) {
	if memberID == 0 {
		return Reach{}, nil
	}
	r, err := o.reachOf(ctx, memberID, remembered)
	if err != nil {
		return Reach{}, err
	}
	return r.reach(o.reg.names(), func(ch string) bool { return r.ready[ch] }), nil
}

// reached is where an accepted message goes: the channels its deliveries are on their
// way to (or arrived at, for an API retry that found it), unless they are failing.
func (o *outbox) reached(ctx context.Context, m *models.Message) (Reach, error) {
	if m == nil || m.MemberID == nil {
		return Reach{}, nil
	}
	ds := m.Deliveries
	if ds == nil { // a message read back from the database
		rows, err := models.DeliveriesOf(ctx, o.db, m.ID)
		if err != nil {
			return Reach{}, err
		}
		for i := range rows {
			ds = append(ds, &rows[i])
		}
	}
	going := map[string]bool{}
	for _, d := range ds {
		switch d.State {
		case models.MessagePending, models.MessageSending, models.MessageSent:
			going[d.Channel] = true
		}
	}
	r, err := o.reachOf(ctx, *m.MemberID, true)
	if err != nil {
		return Reach{}, err
	}
	return r.reach(o.reg.names(), func(ch string) bool { return going[ch] }), nil
}

// Reach is where a message to the card (slug; "" the primary card) would go now, read
// at most once a second per owner: every visitor's form asks.
func (s *Intake) Reach(ctx context.Context, slug string) (Reach, error) {
	card, _, err := s.publishedCard(ctx, slug)
	if err != nil || card.MemberID == nil {
		return Reach{}, err
	}
	return s.outbox.reach(ctx, *card.MemberID, true)
}

// Reached is where an accepted message goes (nil, a robot's that was not stored: saved).
func (s *Intake) Reached(ctx context.Context, m *models.Message) (Reach, error) {
	return s.outbox.reached(ctx, m)
}
