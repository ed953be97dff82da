package server

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"

	"sitecard/internal/database"
	"sitecard/internal/stack"
)

// Scheduled jobs.
const (
	// CacheSyncJob drops pages cached here when another instance changed a card.
	CacheSyncJob = "page-cache-sync"
	// SessionSweepJob deletes expired sessions.
	SessionSweepJob = "session-sweep"
	// ViewsFlushJob writes the counted page views.
	ViewsFlushJob = "views-flush"
	// TokenRefreshJob refreshes Kakao tokens ahead of expiry.
	TokenRefreshJob = stack.TokenRefreshJob
	// ChatIndexJob re-indexes cards whose chat index is missing or stale.
	ChatIndexJob = "chat-index-sweep"
	// OutboxSweepJob delivers messages a wake-up missed and retries that came due.
	OutboxSweepJob = "outbox-sweep"
	// AuditSweepJob drops the audit trail past 90 days and expired reset links.
	AuditSweepJob = "audit-sweep"
)

// schedule adds every job to the scheduler. What a job does lives in the services; this
// only says how often, and whether it runs once per tick across instances.
func (s *Server) schedule() error {
	// Jobs that must run once per tick across instances take this lock; the page cache
	// sync and the view flush are per instance and do not.
	every := map[string]time.Duration{SessionSweepJob: 10 * time.Minute, ChatIndexJob: time.Minute, TokenRefreshJob: s.Config.TokenRefreshInterval,
		AuditSweepJob: time.Hour}
	once := gocron.WithDistributedJobLocker(database.NewJobLocker(s.DB, "sitecard_job_", func(job string) time.Duration {
		return every[job] * 8 / 10
	}))
	jobs := []struct {
		name  string
		every time.Duration
		task  func(context.Context) error
		opts  []gocron.JobOption
	}{
		// One cheap query a second: an edit shows on every instance within 2 s.
		{CacheSyncJob, time.Second, s.syncCache, nil},
		{ViewsFlushJob, 30 * time.Second, s.Views.Flush, nil},
		{SessionSweepJob, every[SessionSweepJob], s.sweepSessions, []gocron.JobOption{once}},
		{AuditSweepJob, every[AuditSweepJob], func(ctx context.Context) error { _, err := s.Audit.Sweep(ctx); return err }, []gocron.JobOption{once}},
		// Edits on this instance are indexed at once; this catches the others'.
		{ChatIndexJob, every[ChatIndexJob], s.Indexer.IndexStale, []gocron.JobOption{once}},
		// Claims make concurrent sweeps safe; every instance sweeping also spreads the work.
		{OutboxSweepJob, 30 * time.Second, s.Messages.Worker.Sweep, nil},
		// The refresh job's listeners keep its last run in the database for every
		// instance's dashboard.
		{TokenRefreshJob, every[TokenRefreshJob], s.Messages.RefreshJob.Run, []gocron.JobOption{once,
			gocron.WithEventListeners(
				gocron.AfterJobRuns(func(uuid.UUID, string) { s.Messages.RefreshJob.Finished(nil, s.refreshNext()) }),
				gocron.AfterJobRunsWithError(func(_ uuid.UUID, _ string, err error) { s.Messages.RefreshJob.Finished(err, s.refreshNext()) }),
			)}},
	}
	for _, j := range jobs {
		opts := append([]gocron.JobOption{gocron.WithName(j.name), gocron.WithSingletonMode(gocron.LimitModeReschedule)}, j.opts...)
		task := j.task
		if s.Metrics != nil {
			name := j.name
			task = func(ctx context.Context) error {
				err := j.task(ctx)
				s.Metrics.JobRan(name, err)
				return err
			}
		}
		job, err := s.Scheduler.NewJob(gocron.DurationJob(j.every), gocron.NewTask(task), opts...)
		if err != nil {
			return fmt.Errorf("server: %s job: %w", j.name, err)
		}
		if j.name == TokenRefreshJob {
			s.refreshNext = func() *time.Time {
				if t, err := job.NextRun(); err == nil && !t.IsZero() {
					return &t
				}
				return nil
			}
		}
	}
	return nil
}

func (s *Server) sweepSessions(ctx context.Context) error {
	n, err := s.Sessions.Sweep(ctx)
	if n > 0 {
		s.log.Debug("expired sessions deleted", "count", n)
	}
	return errors.Join(err, s.Limiter.Sweep(ctx))
}

// syncCache drops cached pages once any card changed, on this instance or another.
func (s *Server) syncCache(ctx context.Context) error {
	v, err := s.Cards.Version(ctx)
	if err != nil {
		return err
	}
	if s.Cache.Sync(v) {
		// Another instance may have replaced a photo: the stored files kept go too.
		s.Drawn.Purge()
		s.log.Debug("page cache purged: cards changed")
	}
	return nil
}
