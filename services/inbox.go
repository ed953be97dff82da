package services

import (
	"context"
	"database/sql"
	"errors"

	"sitecard/models"
)

// MessageStates lists the outbox states, for the inbox filter.
func MessageStates() []string {
	return []string{models.MessagePending, models.MessageSending, models.MessageSent, models.MessageFailed, models.MessageWaiting}
}

// Messages lists the messages an actor may read, newest first, optionally by state.
func (o *Outbox) Messages(ctx context.Context, actor Actor, state string, limit int) ([]models.Message, error) {
	var ms []models.Message
	q := o.db.NewSelect().Model(&ms).Order("id DESC").Limit(int64(limit))
	if !actor.Admin {
		q = q.Where("member_id = ?", actor.ID)
	}
	if state != "" {
		q = q.Where("state = ?", state)
	}
	return ms, q.Scan(ctx)
}

// Message returns one message with its delivery history, if the actor may read it.
func (o *Outbox) Message(ctx context.Context, actor Actor, id int64) (*models.Message, []models.MessageAttempt, error) {
	m := new(models.Message)
	if err := o.db.NewSelect().Model(m).Where("id = ?", id).Scan(ctx); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, ErrNotFound
		}
		return nil, nil, err
	}
	if !actor.owns(m.MemberID) {
		return nil, nil, ErrForbidden
	}
	var hist []models.MessageAttempt
	err := o.db.NewSelect().Model(&hist).Where("message_id = ?", id).Order("id").Scan(ctx)
	return m, hist, err
}

// Retry queues a failed or waiting message again with a fresh attempt count.
func (o *Outbox) Retry(ctx context.Context, actor Actor, id int64) error {
	if _, _, err := o.Message(ctx, actor, id); err != nil {
		return err
	}
	now := o.now().UTC()
	_, err := o.db.NewUpdate().Model((*models.Message)(nil)).Set("state = ?", models.MessagePending).
		Set("attempts = 0").Set("next_attempt_at = ?", now).Set("updated_at = ?", now).
		Where("id = ?", id).Where("state IN (?, ?)", models.MessageFailed, models.MessageWaiting).Exec(ctx)
	o.Wake()
	return err
}

// MarkRead marks a message read.
func (o *Outbox) MarkRead(ctx context.Context, actor Actor, id int64) error {
	if _, _, err := o.Message(ctx, actor, id); err != nil {
		return err
	}
	now := o.now().UTC()
	_, err := o.db.NewUpdate().Model((*models.Message)(nil)).Set("read_at = ?", now).Where("id = ?", id).Exec(ctx)
	return err
}

// Delete removes a message and its history.
func (o *Outbox) Delete(ctx context.Context, actor Actor, id int64) error {
	if _, _, err := o.Message(ctx, actor, id); err != nil {
		return err
	}
	if _, err := o.db.NewDelete().Model((*models.MessageAttempt)(nil)).Where("message_id = ?", id).Exec(ctx); err != nil {
		return err
	}
	_, err := o.db.NewDelete().Model((*models.Message)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}
