package services

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"sitecard/internal/kakao"
	"sitecard/models"
)

// Refresh gets a new access token for the member now ("refresh now" on the panel), then
// releases the messages that waited for a working connection.
func (s *Tokens) Refresh(ctx context.Context, memberID int64) error {
	if _, err := s.refresh(ctx, memberID, ""); err != nil {
		return upstream(err)
	}
	return s.connected(ctx, memberID)
}

// refresh gets a new access token for the member and returns it. stale is the access
// token the caller found wanting ("" to force); if another caller already replaced it,
// that newer token is returned without asking Kakao again. A rotated refresh token is
// saved in the same statement as the access token.
func (s *Tokens) refresh(ctx context.Context, memberID int64, stale string) (string, error) {
	mu, _ := s.flights.LoadOrStore(memberID, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	release, err := s.lock(ctx, fmt.Sprintf("sitecard_refresh_%d", memberID))
	if err != nil {
		return "", err
	}
	defer release()

	t, err := s.row(ctx, memberID)
	if err != nil {
		return "", err
	}
	access, err := s.open(t.AccessToken)
	if err != nil {
		return "", err
	}
	if stale != "" && access != stale && s.now().Before(t.AccessExpiresAt) {
		return access, nil // refreshed meanwhile
	}
	refresh, err := s.open(t.RefreshToken)
	if err != nil {
		return "", err
	}
	now := s.now().UTC()
	tok, kerr := s.client.Refresh(ctx, refresh)
	if kerr != nil {
		state := t.State
		if kakao.ClassOf(kerr) == kakao.Reconnect {
			state = TokenNeedsReconnect
		}
		if err := models.SetTokenState(ctx, s.db, memberID, state, reasonOf(kerr), kerr.Error(), now); err != nil {
			return "", err
		}
		return "", kerr
	}
	var rotated string
	if tok.RefreshToken != "" {
		rotated = s.seal(tok.RefreshToken)
	}
	err = models.SaveRefreshedToken(ctx, s.db, memberID, s.seal(tok.AccessToken), now.Add(time.Duration(tok.ExpiresIn)*time.Second),
		rotated, now.Add(time.Duration(tok.RefreshTokenExpiresIn)*time.Second), TokenHealthy, now)
	if err != nil {
		return "", err
	}
	return tok.AccessToken, nil
}

// RefreshDue refreshes every connected token whose access token expires within the
// look-ahead or whose refresh token has under 30 days left. It returns how many it
// refreshed and the first error; a transient error leaves the tokens for the next tick.
func (s *Tokens) RefreshDue(ctx context.Context) (int, error) {
	now := s.now().UTC()
	ids, err := models.TokensDue(ctx, s.db, TokenNeedsReconnect, now.Add(s.ahead), now.Add(RotationWindow))
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for _, id := range ids {
		if _, err := s.refresh(ctx, id, ""); err != nil {
			if first == nil {
				first = fmt.Errorf("member %d: %w", id, err)
			}
			continue
		}
		n++
	}
	return n, first
}

// RefreshJob is the kakao-token-refresh job: what each tick does and how its runs are
// kept for every instance's dashboard. The server only schedules it.
type RefreshJob struct {
	Name     string
	Schedule string
	Interval time.Duration
	tokens   *Tokens
	jobs     *Jobs
	log      *slog.Logger
	nextRun  func() (time.Time, error)
}

// NewRefreshJob returns the refresh job for tokens that runs every interval.
func NewRefreshJob(name string, interval time.Duration, tokens *Tokens, jobs *Jobs, log *slog.Logger) *RefreshJob {
	return &RefreshJob{Name: name, Schedule: "every " + interval.String(), Interval: interval, tokens: tokens, jobs: jobs, log: log,
		nextRun: func() (time.Time, error) { return time.Time{}, nil }}
}

// WithNextRun tells the job where the scheduler keeps its next run time.
func (j *RefreshJob) WithNextRun(next func() (time.Time, error)) { j.nextRun = next }

// Run is one tick.
func (j *RefreshJob) Run(ctx context.Context) error {
	n, err := j.tokens.RefreshDue(ctx)
	if n > 0 {
		j.log.Info("kakao tokens refreshed", "count", n)
	}
	return err
}

// Finished records a run that ended with err (nil for success).
func (j *RefreshJob) Finished(err error) {
	next := j.NextRun()
	// The scheduler may not have moved its next run on yet when this is told the run
	// ended: the next one is then an interval from now.
	if now := j.jobs.now(); next != nil && !next.After(now) {
		later := now.Add(j.Interval)
		next = &later
	}
	if rerr := j.jobs.Record(context.Background(), j.Name, j.Schedule, err, next); rerr != nil {
		j.log.Warn("record job run", "job", j.Name, "err", rerr)
	}
}

// NextRun is when the scheduler runs the job next, if it knows.
func (j *RefreshJob) NextRun() *time.Time {
	if t, err := j.nextRun(); err == nil && !t.IsZero() {
		return &t
	}
	return nil
}

// JobStatus is the refresh job's state for the dashboard.
type JobStatus struct {
	Name, Schedule string
	Interval       time.Duration
	Run            *models.JobRun
	NextRunAt      *time.Time
}

// Status returns the job's last run (from whichever instance ran it) and next run.
func (j *RefreshJob) Status(ctx context.Context) (*JobStatus, error) {
	run, err := j.jobs.Get(ctx, j.Name)
	if err != nil {
		return nil, err
	}
	return &JobStatus{Name: j.Name, Schedule: j.Schedule, Interval: j.Interval, Run: run, NextRunAt: j.NextRun()}, nil
}
