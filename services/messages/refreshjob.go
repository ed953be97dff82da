package messages

import (
	"context"
	"time"

	"sitecard/models"
	"sitecard/services"
)

// RefreshJob is the kakao-token-refresh job: what each tick does and how its runs are
// kept for every instance's dashboard. The server only schedules it.
type RefreshJob struct {
	Name     string
	Schedule string
	Interval time.Duration
	account  *Account
	jobs     *services.Jobs
}

func newRefreshJob(e *env, name string, interval time.Duration, jobs *services.Jobs) *RefreshJob {
	return &RefreshJob{Name: name, Schedule: "every " + interval.String(), Interval: interval, account: e.account, jobs: jobs}
}

// Run is one tick.
func (j *RefreshJob) Run(ctx context.Context) error {
	n, err := j.account.RefreshDue(ctx)
	if n > 0 {
		j.account.log.Info("kakao tokens refreshed", "count", n)
	}
	return err
}

// Finished records a run that ended with err (nil for success); next is when the
// scheduler runs the job next, nil if it does not know.
func (j *RefreshJob) Finished(err error, next *time.Time) {
	// The scheduler may not have moved its next run on yet when this is told the run
	// ended: the next one is then an interval from now.
	if now := j.account.now(); next != nil && !next.After(now) {
		later := now.Add(j.Interval)
		next = &later
	}
	if rerr := j.jobs.Record(context.Background(), j.Name, j.Schedule, err, next); rerr != nil {
		j.account.log.Warn("record job run", "job", j.Name, "err", rerr)
	}
}

// JobStatus is the refresh job's state for the dashboard.
type JobStatus struct {
	Name, Schedule string
	Interval       time.Duration
	Run            *models.JobRun
	NextRunAt      *time.Time
}

// Status returns the job's last run (from whichever instance ran it) and next, the
// scheduler's next run (nil if it does not know).
func (j *RefreshJob) Status(ctx context.Context, next *time.Time) (*JobStatus, error) {
	run, err := j.jobs.Get(ctx, j.Name)
	if err != nil {
		return nil, err
	}
	return &JobStatus{Name: j.Name, Schedule: j.Schedule, Interval: j.Interval, Run: run, NextRunAt: next}, nil
}
