package messages

import (
	"context"
	"slices"

	"sitecard/models"
	"sitecard/services"
)

// Inbox is the owner's view of the outbox: their messages, each with its deliveries and
// their history, to read, retry and delete.
type Inbox struct {
	*env
	outbox *outbox
}

// MessagePage is one page of the inbox.
type MessagePage struct {
	Messages []models.Message
	State    string
	Total    services.Count
	// Reached is how many of its channels each message reached ("2 of 3 channels").
	Reached map[int64]models.Reached
	// Newer and Older are the cursors of the pages either side; nil where there is none.
	Newer, Older *models.Cursor
}

// Messages lists a page of the messages an actor may read, newest first, optionally of
// one state. A state that is none of the message states (a typo, or a NUL byte) filters
// nothing.
func (o *Inbox) Messages(ctx context.Context, actor services.Actor, state string, at models.Cursor, perPage int) (*MessagePage, error) {
	if !slices.Contains(models.MessageStates(), state) {
		state = ""
	}
	f := models.MessageFilter{MemberID: scope(actor), State: state}
	ms, err := models.ListMessages(ctx, o.db, f, at, perPage)
	if err != nil {
		return nil, err
	}
	p := &MessagePage{Messages: ms, State: state}
	n, err := models.CountMessagesIn(ctx, o.db, f, countLimit)
	if err != nil {
		return nil, err
	}
	p.Total = capped(n)
	if len(ms) == 0 {
		return p, nil
	}
	ids := make([]int64, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	if p.Reached, err = models.ReachedOf(ctx, o.db, ids); err != nil {
		return nil, err
	}
	for _, older := range []bool{false, true} {
		id := ms[0].ID
		if older {
			id = ms[len(ms)-1].ID
		}
		more, err := models.MessagesBeyond(ctx, o.db, f, id, older)
		if err != nil {
			return nil, err
		}
		switch {
		case more && older:
			p.Older = &models.Cursor{Before: id}
		case more:
			p.Newer = &models.Cursor{After: id}
		}
	}
	return p, nil
}

// Open returns one message with its deliveries and their history, if the actor may read it, and
// marks it read. Reading the message matters more than recording that it was read, so a
// failure to record it is only logged.
func (o *Inbox) Open(ctx context.Context, actor services.Actor, id int64) (*MessageDetail, error) {
	m, err := o.readable(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	hist, err := models.MessageAttempts(ctx, o.db, id)
	if err != nil {
		return nil, err
	}
	ds, err := models.DeliveriesOf(ctx, o.db, id)
	if err != nil {
		return nil, err
	}
	if m.ReadAt == nil {
		now := o.now().UTC()
		if err := models.MarkMessageRead(ctx, o.db, id, now); err != nil {
			o.log.Warn("mark read", "message", id, "err", err)
		} else {
			m.ReadAt = &now
		}
	}
	return &MessageDetail{Message: m, Deliveries: ds, History: hist}, nil
}

// MessageDetail is a message with its deliveries, one per channel, and their history.
type MessageDetail struct {
	Message    *models.Message
	Deliveries []models.Delivery
	History    []models.MessageAttempt
}

// Reached is how many of the message's channels it reached.
func (d *MessageDetail) Reached() models.Reached {
	r := models.Reached{Total: len(d.Deliveries)}
	for _, dl := range d.Deliveries {
		if dl.State == models.MessageSent {
			r.Sent++
		}
	}
	return r
}

func (o *Inbox) readable(ctx context.Context, actor services.Actor, id int64) (*models.Message, error) {
	m, err := models.MessageByID(ctx, o.db, id)
	if err != nil {
		return nil, err
	}
	if !owns(actor, m.MemberID) {
		return nil, services.ErrForbidden
	}
	return m, nil
}

// Retry queues a failed or waiting message again with a fresh attempt count.
func (o *Inbox) Retry(ctx context.Context, actor services.Actor, id int64) error {
	if _, err := o.readable(ctx, actor, id); err != nil {
		return err
	}
	err := models.RequeueMessage(ctx, o.db, id, o.now().UTC())
	o.outbox.Wake()
	return err
}

// MarkRead marks a message read.
func (o *Inbox) MarkRead(ctx context.Context, actor services.Actor, id int64) error {
	if _, err := o.readable(ctx, actor, id); err != nil {
		return err
	}
	return models.MarkMessageRead(ctx, o.db, id, o.now().UTC())
}

// Delete removes a message and its history.
func (o *Inbox) Delete(ctx context.Context, actor services.Actor, id int64) error {
	if _, err := o.readable(ctx, actor, id); err != nil {
		return err
	}
	return models.DeleteMessage(ctx, o.db, id)
}
