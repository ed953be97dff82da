package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// JobRun is the last known state of a scheduled job, shared by every instance.
type JobRun struct {
	bun.BaseModel `bun:"table:job_runs"`

	Name       string     `bun:"name,pk"`
	Schedule   string     `bun:"schedule,notnull"`
	LastRunAt  *time.Time `bun:"last_run_at"`
	NextRunAt  *time.Time `bun:"next_run_at"`
	LastResult string     `bun:"last_result,notnull"`
	LastError  string     `bun:"last_error,notnull"`
	Reason     Reason     `bun:"reason,notnull"`
}

// SaveJobRun stores a job's latest run, replacing the one before.
func SaveJobRun(ctx context.Context, db bun.IDB, r *JobRun) error {
	q := upsert(db, db.NewInsert().Model(r), "name",
		[]string{"schedule", "last_run_at", "next_run_at", "last_result", "last_error", "reason"}, nil)
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("models: save job run %s: %w", r.Name, err)
	}
	return nil
}

// JobRunByName returns a job's latest run, or ErrNotFound when it never ran.
func JobRunByName(ctx context.Context, db bun.IDB, name string) (*JobRun, error) {
	r := new(JobRun)
	if err := db.NewSelect().Model(r).Where("name = ?", name).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: job run %s: %w", name, notFound(err))
	}
	return r, nil
}
