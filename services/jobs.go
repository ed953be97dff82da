package services

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"sitecard/models"
)

// Jobs records how scheduled jobs ran, in the database, so every instance's dashboard
// shows the same last run whichever instance ran it.
type Jobs struct {
	db  bun.IDB
	now func() time.Time
}

// NewJobs returns the job recorder, reading time from now (nil: the wall clock; tests
// run gocron on a fake clock and pass the same).
func NewJobs(db bun.IDB, now func() time.Time) *Jobs { return &Jobs{db: db, now: orNow(now)} }

// Record stores a finished run of job.
func (j *Jobs) Record(ctx context.Context, name, schedule string, runErr error, next *time.Time) error {
	now := j.now().UTC()
	r := &models.JobRun{Name: name, Schedule: schedule, LastRunAt: &now, NextRunAt: next, LastResult: "ok"}
	if runErr != nil {
		r.LastResult, r.LastError, r.Reason = "error", runErr.Error(), reasonOf(runErr)
	}
	return models.SaveJobRun(ctx, j.db, r)
}

// Get returns the last known run of job; a job that never ran has no times.
func (j *Jobs) Get(ctx context.Context, name string) (*models.JobRun, error) {
	r, err := models.JobRunByName(ctx, j.db, name)
	if errors.Is(err, models.ErrNotFound) {
		return &models.JobRun{Name: name}, nil
	}
	return r, err
}
