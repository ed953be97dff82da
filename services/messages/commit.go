package messages

import (
	"context"
	"sync"
	"time"

	"github.com/uptrace/bun"

	"sitecard/models"
)

// committer stores new messages in shared transactions: while one transaction is being
// committed, the messages that arrive gather, and the next transaction stores them all.
// Under load a burst of messages then costs one BEGIN and one COMMIT (one flush of the
// database's log) instead of one each; alone, a message is committed at once.
//
// Each message still either commits within its request's deadline or not at all: a
// transaction is bounded by the earliest deadline among its messages, and a request waits
// for its transaction's outcome, never gives up on it half-way.
type committer struct {
	db bun.IDB

	mu      sync.Mutex
	busy    bool         // a transaction is being committed
	pending *commitBatch // the messages gathering for the next one
}

type commitBatch struct {
	msgs      []*models.Message
	deadlines []time.Time // each request's; zero for none
	deadline  time.Time   // the earliest of them; zero for none
	done      chan struct{}
	errs      []error // one per message, once done is closed
}

// store commits m, alone or with others, and returns when it is committed or has failed.
func (c *committer) store(ctx context.Context, m *models.Message) error {
	c.mu.Lock()
	if c.pending == nil {
		c.pending = &commitBatch{done: make(chan struct{})}
	}
	b := c.pending
	i := len(b.msgs)
	d, _ := ctx.Deadline()
	b.msgs, b.deadlines = append(b.msgs, m), append(b.deadlines, d)
	if !d.IsZero() && (b.deadline.IsZero() || d.Before(b.deadline)) {
		b.deadline = d
	}
	lead := !c.busy
	if lead {
		c.busy, c.pending = true, nil
	}
	c.mu.Unlock()
	if lead {
		c.run(b)
	}
	<-b.done
	return b.errs[i]
}

// run commits b, then whatever gathered meanwhile, in a goroutine of its own, so that the
// request that led b is answered as soon as b is done.
func (c *committer) run(b *commitBatch) {
	c.commit(b)
	c.mu.Lock()
	next := c.pending
	c.pending = nil
	c.busy = next != nil
	c.mu.Unlock()
	if next != nil {
		go c.run(next)
	}
}

func (c *committer) commit(b *commitBatch) {
	defer close(b.done)
	b.errs = make([]error, len(b.msgs))
	committing, err := c.insert(b.deadline, b.msgs)
	if err == nil {
		return
	}
	if len(b.msgs) == 1 || committing {
		// A COMMIT that failed may still have happened: storing the messages again could
		// make a second copy, so each request hears of the failure (and a client's retry
		// with its Idempotency-Key finds the first copy if there is one).
		for i := range b.errs {
			b.errs[i] = err
		}
		return
	}
	// One message may have failed for itself (a key already used, a card just deleted),
	// or the earliest deadline passed: then each goes again in a transaction of its own,
	// within its own deadline, so the others are not refused with it. Nothing of the
	// failed transaction was kept.
	for i, m := range b.msgs {
		m.ID = 0
		_, b.errs[i] = c.insert(b.deadlines[i], []*models.Message{m})
	}
}

// insert stores msgs in one transaction that must end by deadline (none when zero). On
// failure, committing tells whether it failed at the COMMIT, whose outcome is then
// unknown; before it, nothing was kept.
func (c *committer) insert(deadline time.Time, msgs []*models.Message) (committing bool, err error) {
	ctx := context.Background()
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	err = c.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := models.InsertMessages(ctx, tx, msgs); err != nil {
			return err
		}
		committing = true
		return nil
	})
	return committing, err
}
