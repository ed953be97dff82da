// Package server assembles sitecard from its parts: database, migrations, services,
// handlers and the scheduler. main and the end-to-end tests share it, so the tests run
// the real wiring.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"sitecard/config"
	"sitecard/database"
	"sitecard/dblock"
	"sitecard/handlers"
	"sitecard/kakao"
	"sitecard/migrations"
	"sitecard/pagecache"
	"sitecard/services"
	"sitecard/sessionstore"
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
	TokenRefreshJob = "kakao-token-refresh"
	// OutboxSweepJob delivers messages a wake-up missed and retries that came due.
	OutboxSweepJob = "outbox-sweep"
)

// Server is a running-ready sitecard.
type Server struct {
	Config    *config.Config
	DB        *bun.DB
	App       *fiber.App
	Scheduler gocron.Scheduler
	Cache     *pagecache.Cache
	Cards     *services.Cards
	Members   *services.Members
	Views     *services.Views
	Sessions  *sessionstore.Store
	Tokens    *services.Tokens
	Outbox    *services.Outbox
	Jobs      *services.Jobs
	log       *slog.Logger
	refresh   gocron.Job
}

// Option adjusts how a Server is built (tests inject a fake clock).
type Option func(*options)

type options struct {
	schedulerOpts []gocron.SchedulerOption
	fastHashing   bool
	clock         func() time.Time
	httpClient    *http.Client
}

// WithClock makes the services read time from now (tests pair it with gocron's fake clock).
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.clock = now }
}

// WithKakaoHTTPClient replaces the HTTP client that talks to Kakao (tests shorten timeouts).
func WithKakaoHTTPClient(c *http.Client) Option {
	return func(o *options) { o.httpClient = c }
}

// WithFastPasswordHashing makes argon2id cheap, for tests that sign in a lot.
func WithFastPasswordHashing() Option {
	return func(o *options) { o.fastHashing = true }
}

// WithSchedulerOptions passes options to gocron, such as gocron.WithClock.
func WithSchedulerOptions(opts ...gocron.SchedulerOption) Option {
	return func(o *options) { o.schedulerOpts = append(o.schedulerOpts, opts...) }
}

// Build connects to the database, migrates it, seeds the demo card when it is empty and
// assembles the app. The scheduler is created but not started.
func Build(ctx context.Context, cfg *config.Config, log *slog.Logger, opts ...Option) (*Server, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	s := &Server{Config: cfg, DB: db, log: log}
	if err := s.build(ctx, o); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) build(ctx context.Context, o options) error {
	m, err := migrations.New(s.DB, s.Config.MigrationLockFile())
	if err != nil {
		return err
	}
	n, err := m.Up(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Info("migrations applied", "count", n)
	}
	s.Cache = pagecache.New(1024)
	s.Cards = services.NewCards(s.DB, s.Cache)
	seeded, err := s.Cards.SeedDemo(ctx)
	if err != nil {
		return err
	}
	if seeded {
		s.log.Info("demo card created", "path", "/c/demo")
	}
	s.Members = services.NewMembers(s.DB)
	if o.fastHashing {
		s.Members.WithFastHashing()
	}
	created, err := s.Members.Bootstrap(ctx, s.Config.AdminLogin, s.Config.AdminPassword)
	if err != nil {
		return err
	}
	if created {
		s.log.Info("first admin created from ADMIN_LOGIN", "login", s.Config.AdminLogin)
	} else if n, err := s.Members.Count(ctx); err == nil && n == 0 {
		s.log.Warn("no member yet: open /setup to create the first admin")
	}
	s.Views = services.NewViews(s.DB)
	s.Sessions = sessionstore.New(s.DB)
	k := s.Config.Kakao
	client := kakao.New(kakao.Config{RestAPIKey: k.RestAPIKey, ClientSecret: k.ClientSecret, RedirectURI: k.RedirectURI, AuthURL: k.AuthURL, APIURL: k.APIURL})
	if o.httpClient != nil {
		client.WithHTTPClient(o.httpClient)
	}
	s.Tokens = services.NewTokens(s.DB, client, s.Config.SecretKey, s.Config.TokenRefreshAhead)
	s.Outbox = services.NewOutbox(s.DB, s.Tokens, s.Config.BaseURL.String(),
		services.Rate(s.Config.ContactPerIP), services.Rate(s.Config.ContactPerCard), s.log)
	s.Jobs = services.NewJobs(s.DB)
	s.Tokens.WithLock(func(ctx context.Context, name string) (func(), error) {
		return dblock.Acquire(ctx, s.DB, name, 15*time.Second)
	})
	// Jobs that must run once per tick across instances take this lock; the page cache
	// sync and the view flush are per instance and do not.
	once := gocron.WithDistributedJobLocker(dblock.NewLocker(s.DB, "sitecard_job_"))
	if o.clock != nil {
		s.Tokens.WithClock(o.clock)
		s.Outbox.WithClock(o.clock)
		s.Jobs.WithClock(o.clock)
	}
	s.Scheduler, err = gocron.NewScheduler(o.schedulerOpts...)
	if err != nil {
		return fmt.Errorf("server: scheduler: %w", err)
	}
	s.App, err = handlers.New(handlers.Deps{
		Config: s.Config, DB: s.DB, Cards: s.Cards, Members: s.Members, Views: s.Views,
		Uploads: services.NewUploads(s.Config.MediaDir()), Sessions: s.Sessions, Cache: s.Cache, Logger: s.log,
		Tokens: s.Tokens, Outbox: s.Outbox, Now: o.clock,
		Job: handlers.JobInfo{Name: TokenRefreshJob, Schedule: "every " + s.Config.TokenRefreshInterval.String(), Runs: s.Jobs,
			NextRun: func() (time.Time, error) { return s.refresh.NextRun() }},
	})
	if err != nil {
		return err
	}
	jobs := []struct {
		name  string
		every time.Duration
		task  func(context.Context) error
		opts  []gocron.JobOption
	}{
		{CacheSyncJob, 5 * time.Second, s.syncCache, nil},
		{ViewsFlushJob, 30 * time.Second, s.Views.Flush, nil},
		{SessionSweepJob, 10 * time.Minute, s.sweepSessions, []gocron.JobOption{once}},
		// Claims make concurrent sweeps safe; every instance sweeping also spreads the work.
		{OutboxSweepJob, 30 * time.Second, func(ctx context.Context) error { _, err := s.Outbox.DeliverDue(ctx); return err }, nil},
	}
	for _, j := range jobs {
		opts := append([]gocron.JobOption{gocron.WithName(j.name), gocron.WithSingletonMode(gocron.LimitModeReschedule)}, j.opts...)
		_, err = s.Scheduler.NewJob(gocron.DurationJob(j.every), gocron.NewTask(j.task), opts...)
		if err != nil {
			return fmt.Errorf("server: %s job: %w", j.name, err)
		}
	}
	// The token refresh runs once at a time; its listeners keep the last run in the
	// database for every instance's dashboard.
	schedule := "every " + s.Config.TokenRefreshInterval.String()
	record := func(err error) {
		var next *time.Time
		if t, nerr := s.refresh.NextRun(); nerr == nil && !t.IsZero() {
			next = &t
		}
		if rerr := s.Jobs.Record(context.Background(), TokenRefreshJob, schedule, err, next); rerr != nil {
			s.log.Warn("record job run", "job", TokenRefreshJob, "err", rerr)
		}
	}
	s.refresh, err = s.Scheduler.NewJob(gocron.DurationJob(s.Config.TokenRefreshInterval),
		gocron.NewTask(func(ctx context.Context) error {
			n, err := s.Tokens.RefreshDue(ctx)
			if n > 0 {
				s.log.Info("kakao tokens refreshed", "count", n)
			}
			return err
		}),
		gocron.WithName(TokenRefreshJob), gocron.WithSingletonMode(gocron.LimitModeReschedule), once,
		gocron.WithEventListeners(
			gocron.AfterJobRuns(func(_ uuid.UUID, _ string) { record(nil) }),
			gocron.AfterJobRunsWithError(func(_ uuid.UUID, _ string, err error) { record(err) }),
		))
	if err != nil {
		return fmt.Errorf("server: %s job: %w", TokenRefreshJob, err)
	}
	return nil
}

func (s *Server) sweepSessions(ctx context.Context) error {
	n, err := s.Sessions.Sweep(ctx)
	if n > 0 {
		s.log.Debug("expired sessions deleted", "count", n)
	}
	return err
}

// syncCache drops cached pages once any card changed, on this instance or another.
func (s *Server) syncCache(ctx context.Context) error {
	v, err := s.Cards.Version(ctx)
	if err != nil {
		return err
	}
	if s.Cache.Sync(v) {
		s.log.Debug("page cache purged: cards changed")
	}
	return nil
}

// Serve runs the HTTP server on ln and the scheduler until ctx is cancelled, then shuts
// both down: in-flight requests get up to shutdownTimeout to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener, shutdownTimeout time.Duration) error {
	s.Scheduler.Start()
	workerCtx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	workerDone := make(chan struct{})
	go func() { defer close(workerDone); s.Outbox.Run(workerCtx) }()
	errc := make(chan error, 1)
	go func() { errc <- s.App.Listener(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "base_url", s.Config.BaseURL.String(), "database", string(s.Config.Dialect))

	var serveErr error
	select {
	case <-ctx.Done():
		s.log.Info("shutting down")
	case serveErr = <-errc:
	}
	if err := s.App.ShutdownWithTimeout(shutdownTimeout); err != nil {
		s.log.Warn("http shutdown", "err", err)
	}
	// The worker finishes the delivery in hand; unsent messages stay in the outbox.
	stopWorker()
	<-workerDone
	if err := s.Scheduler.Shutdown(); err != nil && !errors.Is(err, gocron.ErrStopSchedulerTimedOut) {
		s.log.Warn("scheduler shutdown", "err", err)
	}
	// The last counted views would be lost otherwise.
	if err := s.Views.Flush(context.WithoutCancel(ctx)); err != nil {
		s.log.Warn("views flush", "err", err)
	}
	return serveErr
}

// Close releases the database.
func (s *Server) Close() error { return s.DB.Close() }
