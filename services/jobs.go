package services

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect"

	"sitecard/models"
)

// Jobs records how scheduled jobs ran, in the database, so every instance's dashboard
// shows the same last run whichever instance ran it.
type Jobs struct {
	db  bun.IDB
	now func() time.Time
}

// NewJobs returns the job recorder.
func NewJobs(db bun.IDB) *Jobs { return &Jobs{db: db, now: time.Now} }

// WithClock replaces the clock (tests run gocron on a fake clock).
func (j *Jobs) WithClock(now func() time.Time) *Jobs { j.now = now; return j }

// Record stores a finished run of job.
func (j *Jobs) Record(ctx context.Context, name, schedule string, runErr error, next *time.Time) error {
	now := j.now().UTC()
	r := &models.JobRun{Name: name, Schedule: schedule, LastRunAt: &now, NextRunAt: next, LastResult: "ok"}
	if runErr != nil {
		r.LastResult, r.LastError = "error", runErr.Error()
	}
	q := j.db.NewInsert().Model(r)
	if j.db.Dialect().Name() == dialect.MySQL {
		q = q.On("DUPLICATE KEY UPDATE")
		for _, c := range []string{"schedule", "last_run_at", "next_run_at", "last_result", "last_error"} {
			q = q.Set(c + " = VALUES(" + c + ")")
		}
	} else {
		q = q.On("CONFLICT (name) DO UPDATE")
		for _, c := range []string{"schedule", "last_run_at", "next_run_at", "last_result", "last_error"} {
			q = q.Set(c + " = EXCLUDED." + c)
		}
	}
	_, err := q.Exec(ctx)
	return err
}

// Get returns the last known run of job; a job that never ran has no times.
func (j *Jobs) Get(ctx context.Context, name string) (*models.JobRun, error) {
	r := &models.JobRun{Name: name}
	err := j.db.NewSelect().Model(r).Where("name = ?", name).Scan(ctx)
	if err != nil {
		return &models.JobRun{Name: name}, nil //nolint:nilerr // never ran yet
	}
	return r, nil
}
