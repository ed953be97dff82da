package messages

import (
	"sync"
	"time"
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
	reg      *registry // each channel's pool
	mu       sync.Mutex
	busy     map[lane]bool
	inUse    map[string]int // deliveries in flight per channel
	breakers map[lane]*breaker
	changed  chan struct{} // closed (and replaced) when a delivery ends
	inFlight sync.WaitGroup
}

func newLanes(reg *registry) *lanes {
	return &lanes{reg: reg, busy: map[lane]bool{}, inUse: map[string]int{}, breakers: map[lane]*breaker{}, changed: make(chan struct{})}
}

// free is how many more deliveries by channel may start.
func (l *lanes) free(channel string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reg.pool(channel) - l.inUse[channel]
}

// take reserves a worker for k, if its lane is idle and its channel's pool has room.
func (l *lanes) take(k lane) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.busy[k] || l.inUse[k.channel] >= l.reg.pool(k.channel) {
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
