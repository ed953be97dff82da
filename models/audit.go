package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// AuditEvent is one line of the audit trail.
type AuditEvent struct {
	bun.BaseModel `bun:"table:audit_events"`

	ID           int64     `bun:"id,pk,autoincrement"`
	At           time.Time `bun:"at,notnull"`
	Action       string    `bun:"action,notnull"`
	ActorID      *int64    `bun:"actor_id"`
	ActorLogin   string    `bun:"actor_login,notnull"`
	SubjectID    *int64    `bun:"subject_id"`
	SubjectLogin string    `bun:"subject_login,notnull"`
	Detail       string    `bun:"detail,notnull"`
	ClientIP     string    `bun:"client_ip,notnull"`
}

// InsertAuditEvent appends to the trail.
func InsertAuditEvent(ctx context.Context, db bun.IDB, e *AuditEvent) error {
	if _, err := db.NewInsert().Model(e).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert audit event: %w", err)
	}
	return nil
}

// AuditEvents lists a page of the trail, newest first.
func AuditEvents(ctx context.Context, db bun.IDB, offset, limit int) ([]AuditEvent, error) {
	var out []AuditEvent
	err := db.NewSelect().Model(&out).Order("at DESC", "id DESC").Offset(int64(offset)).Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: audit events: %w", err)
	}
	return out, nil
}

// CountAuditEvents counts the trail, up to limit (a count that stops costs what the
// page does).
func CountAuditEvents(ctx context.Context, db bun.IDB, limit int) (int, error) {
	sub := db.NewSelect().Model((*AuditEvent)(nil)).Column("id").Limit(int64(limit))
	n, err := db.NewSelect().TableExpr("(?) AS capped", sub).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: count audit events: %w", err)
	}
	return int(n), nil
}

// DeleteAuditEventsBefore drops the trail older than a time and says how much went.
func DeleteAuditEventsBefore(ctx context.Context, db bun.IDB, before time.Time) (int64, error) {
	res, err := db.NewDelete().Model((*AuditEvent)(nil)).Where("at < ?", before).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: sweep audit events: %w", err)
	}
	return rowsAffected(res), nil
}
