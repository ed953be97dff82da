// Package server is sitecard's HTTP server: it opens and migrates the database, builds
// the services with internal/stack, the Fiber app and the scheduler, and runs them. main
// and the end-to-end tests share it, so the tests run the real wiring. The commands of
// the binary (migrate, backup, restore, the fakes) are in cmd/sitecard.
//
// Files:
//   - server.go: Server, its Options, and Build (database, migrations, stack, app).
//   - serve.go: Serve (the HTTP server, the workers and the scheduler until the end,
//     then a graceful shutdown) and Close.
//   - jobs.go: the scheduled jobs and how often they run.
package server

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/gofiber/fiber/v2"
	"github.com/uptrace/bun"

	"sitecard/handlers"
	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/mailer"
	"sitecard/internal/stack"
	"sitecard/migrations"
)

// Server is a running-ready sitecard: the services of internal/stack, the Fiber app and
// the scheduler.
type Server struct {
	*stack.Services
	Config    *config.Config
	DB        *bun.DB
	App       *fiber.App
	Scheduler gocron.Scheduler
	log       *slog.Logger
	// refreshNext is when the scheduler runs the token refresh job next (set with the
	// jobs).
	refreshNext func() *time.Time
	// snapshot is the backups' own pool (database.OpenSnapshot).
	snapshot *bun.DB

	stopOnce sync.Once
	stopErr  error
}

// Option adjusts how a Server is built (tests inject a fake clock).
type Option func(*options)

type options struct {
	schedulerOpts []gocron.SchedulerOption
	fastHashing   bool
	clock         func() time.Time
	mailer        *mailer.Sender
	backupIdle    time.Duration
	// pageCache is the page cache's bound in pages and bytes (zero: the default).
	pageCache struct {
		pages int
		bytes int64
	}
}

// WithBackupIdle ends a backup download whose reader takes nothing for d, instead of a
// minute (tests stall a reader for less).
func WithBackupIdle(d time.Duration) Option {
	return func(o *options) { o.backupIdle = d }
}

// WithPageCacheSize bounds the page cache at pages and bytes instead of 4,096 pages and
// 32 MB (tests flood a small one).
func WithPageCacheSize(pages int, bytes int64) Option {
	return func(o *options) { o.pageCache.pages, o.pageCache.bytes = pages, bytes }
}

// WithMailer replaces the mail sender (tests trust their SMTP server's certificate).
func WithMailer(m *mailer.Sender) Option {
	return func(o *options) { o.mailer = m }
}

// WithClock makes the services read time from now (tests pair it with gocron's fake clock).
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.clock = now }
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
	snapshot, err := database.OpenSnapshot(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	s := &Server{Config: cfg, DB: db, log: log, snapshot: snapshot}
	if err := s.build(ctx, o); err != nil {
		s.Close() //nolint:errcheck // the build's error is the one to tell
		return nil, err
	}
	return s, nil
}

func (s *Server) build(ctx context.Context, o options) error {
	if err := s.migrate(ctx); err != nil {
		return err
	}
	var err error
	s.Services, err = stack.Build(ctx, stack.Deps{Config: s.Config, DB: s.DB, Snapshot: s.snapshot, Log: s.log, Now: o.clock,
		FastHashing: o.fastHashing, Mailer: o.mailer, PageCachePages: o.pageCache.pages, PageCacheBytes: o.pageCache.bytes})
	if err != nil {
		return err
	}
	s.Scheduler, err = gocron.NewScheduler(o.schedulerOpts...)
	if err != nil {
		return fmt.Errorf("server: scheduler: %w", err)
	}
	if err := s.schedule(); err != nil {
		return err
	}
	s.App, err = handlers.New(handlers.Deps{
		Config: s.Config, DB: s.DB, Catalog: s.Catalog, Cards: s.Cards, Members: s.Members, Signins: s.Signins, Factor: s.Factor, Audit: s.Audit, Passkeys: s.Passkeys, SSO: s.SSO, Now: o.clock, Views: s.Views,
		Uploads: s.Uploads, Sessions: s.Sessions, Cache: s.Cache, Drawn: s.Drawn, Logger: s.log,
		Intake: s.Messages.Intake, Inbox: s.Messages.Inbox, Channels: s.Messages.Settings, Account: s.Messages.Account,
		AddressBook: s.AddressBook, Chat: s.Chat, Indexer: s.Indexer,
		RefreshJob: refreshStatus{job: s.Messages.RefreshJob, next: func() *time.Time { return s.refreshNext() }},
		Metrics:    s.Metrics, Backups: s.Backups, BackupIdle: o.backupIdle,
	})
	return err
}

func (s *Server) migrate(ctx context.Context) error {
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
	return nil
}
