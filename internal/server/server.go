// Package server assembles sitecard from its parts: database, migrations, services,
// handlers and the scheduler. main and the end-to-end tests share it, so the tests run
// the real wiring.
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
	"sitecard/internal/chat"
	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/i18n"
	"sitecard/internal/mailer"
	"sitecard/internal/metrics"
	"sitecard/internal/pagecache"
	"sitecard/internal/pdftext"
	"sitecard/internal/sessionstore"
	"sitecard/migrations"
	"sitecard/services"
	"sitecard/services/messages"
)

// Server is a running-ready sitecard.
type Server struct {
	Config    *config.Config
	DB        *bun.DB
	App       *fiber.App
	Scheduler gocron.Scheduler
	Cache     *pagecache.Cache
	Drawn     *services.Drawn
	Cards     *services.Cards
	Uploads   *services.Uploads
	Members   *services.Members
	Signins   *services.Signins
	Factor    *services.SecondFactor
	Audit     *services.Audit
	Passkeys  *services.Passkeys
	SSO       *services.SSO
	Views     *services.Views
	Sessions  *sessionstore.Store
	// Messages is message delivery, whole (services/messages): built by buildMessages.
	Messages *messages.Service
	Backups  *services.Backups
	Limiter  *services.Limiter
	Chat     *services.Chat
	Indexer  *services.ChatIndexer
	Jobs     *services.Jobs
	// refreshNext is when the scheduler runs the token refresh job next.
	refreshNext func() *time.Time
	// Metrics is nil unless METRICS_TOKEN or METRICS_ADDR asks for them.
	Metrics *metrics.Metrics
	log     *slog.Logger
	// snapshot is the backups' own pool (database.OpenSnapshot).
	snapshot *bun.DB

	readPDF  services.PDFReader
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
	s := &Server{Config: cfg, DB: db, log: log, snapshot: snapshot, refreshNext: func() *time.Time { return nil }}
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
	catalog, err := i18n.Load()
	if err != nil {
		return err
	}
	if s.Config.MetricsToken != "" || s.Config.MetricsAddr != "" {
		// Made before the services, which count into it; its gauges read them when
		// scraped.
		s.Metrics = metrics.New(s.DB.DB, func(ctx context.Context) (map[string]int, map[string]int, error) {
			outbox, err := s.Messages.Worker.Depth(ctx)
			if err != nil {
				return nil, nil, err
			}
			tokens, err := s.Messages.Account.Count(ctx)
			return outbox, tokens, err
		})
	}
	if err := s.services(ctx, o, catalog); err != nil {
		return err
	}
	if s.Metrics != nil {
		s.Chat.OnAnswer(s.Metrics.Answered)
		s.Metrics.Cache("chat", s.Chat.CacheSize)
		s.Metrics.Cache("page", s.Cache.Size)
		s.Metrics.Cache("drawn", s.Drawn.Size)
	}
	s.Scheduler, err = gocron.NewScheduler(o.schedulerOpts...)
	if err != nil {
		return fmt.Errorf("server: scheduler: %w", err)
	}
	if err := s.schedule(); err != nil {
		return err
	}
	s.App, err = handlers.New(handlers.Deps{
		Config: s.Config, DB: s.DB, Catalog: catalog, Cards: s.Cards, Members: s.Members, Signins: s.Signins, Factor: s.Factor, Audit: s.Audit, Passkeys: s.Passkeys, SSO: s.SSO, Now: o.clock, Views: s.Views,
		Uploads: s.Uploads, Sessions: s.Sessions, Cache: s.Cache, Drawn: s.Drawn, Logger: s.log,
		Intake: s.Messages.Intake, Inbox: s.Messages.Inbox, Channels: s.Messages.Settings, Account: s.Messages.Account,
		RefreshJob: refreshStatus{job: s.Messages.RefreshJob, next: func() *time.Time { return s.refreshNext() }}, Chat: s.Chat, Indexer: s.Indexer,
		Metrics: s.Metrics, Backups: s.Backups, BackupIdle: o.backupIdle,
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

// services builds the services, seeds the demo card and creates the first admin.
func (s *Server) services(ctx context.Context, o options, catalog *i18n.Catalog) error {
	pages, bytes := 4096, int64(32<<20)
	if o.pageCache.pages > 0 {
		pages, bytes = o.pageCache.pages, o.pageCache.bytes
	}
	s.Cache = pagecache.New(pages, bytes)
	// One résumé read at a time: each reading is a child process that holds a few
	// hundred megabytes while it works.
	s.readPDF = services.NewPDFReader(pdftext.DefaultLimits(), 1)
	// One memory budget for the expensive work anyone can ask for: password hashes and
	// photo decodes.
	budget := services.NewBudget(services.DefaultBudget)
	s.Uploads = services.NewUploads(s.DB, s.Config.MediaDir())
	// Share images and PDF résumés (30–150 KB each, up to a few MB at a card's limits),
	// vCards and QR codes: 32 MB at most.
	s.Drawn = services.NewDrawn(s.Uploads, 1024, 32<<20)
	s.Cards = services.NewCards(s.DB, services.Invalidators{s.Cache, s.Drawn}, s.readPDF).WithBudget(budget, services.PhotoWait)
	if err := s.Uploads.MigrateFiles(ctx, s.log); err != nil {
		return err
	}
	seeded, err := s.Cards.SeedDemo(ctx)
	if err != nil {
		return err
	}
	if seeded {
		s.log.Info("demo card created", "path", "/c/demo")
	}
	s.Limiter = services.NewLimiter(s.DB).WithIPv6Prefix(s.Config.IPv6Prefix)
	s.Members = services.NewMembers(s.DB, s.Limiter).WithBudget(budget)
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
	s.Signins = services.NewSignins(s.DB)
	s.Audit = services.NewAudit(s.DB)
	s.SSO = services.NewSSO(s.Config.SignIn.OIDC, s.Config.BaseURL.String(), s.DB, s.Members)
	if s.Passkeys, err = services.NewPasskeys(s.DB, s.Config.BaseURL, s.Limiter); err != nil {
		return err
	} else if s.Passkeys == nil {
		s.log.Warn("passkeys are off: BASE_URL's host is an IP address, which WebAuthn does not accept", "base_url", s.Config.BaseURL.String())
	}
	base := s.Config.BaseURL.String()
	// Reset links and notices about the account go through the same relay as messages.
	accountMail := o.mailer
	if accountMail == nil && s.Config.SMTP.Configured() {
		accountMail = mailer.New(s.Config.SMTP.URL, s.Config.SMTP.Insecure)
	}
	s.Members.WithMail(accountMail, s.Config.SMTP.From, base, s.log)
	s.Factor = services.NewSecondFactor(s.DB, s.Config.SecretKey, s.Limiter, s.Members, s.Config.BaseURL.Hostname())
	if err := s.chatbot(catalog); err != nil {
		return err
	}
	s.Jobs = services.NewJobs(s.DB)
	if o.clock != nil {
		s.Jobs.WithClock(o.clock)
	}
	if s.Messages, err = s.buildMessages(ctx, o, catalog, deliveryCounter(s.Metrics)); err != nil {
		return err
	}
	s.Backups = services.NewBackups(s.DB, s.snapshot, s.Config.SecretKey, func(ctx context.Context) (string, error) {
		m, err := migrations.New(s.DB, s.Config.MigrationLockFile())
		if err != nil {
			return "", err
		}
		return m.Applied(ctx)
	})
	if o.clock != nil {
		s.Limiter.WithClock(o.clock)
		s.Signins.WithClock(o.clock)
		s.Members.WithClock(o.clock)
		s.Factor.WithClock(o.clock)
		s.Audit.WithClock(o.clock)
		s.Passkeys.WithClock(o.clock)
		if s.SSO != nil {
			s.SSO.WithClock(o.clock)
		}
	}
	return nil
}

// chatbot connects the configured models and builds the indexer and the chatbot, which
// follow every change of a card.
func (s *Server) chatbot(catalog *i18n.Catalog) error {
	c := s.Config.Chat
	m, err := chat.Open(chat.Providers{OpenAIKey: c.OpenAIKey, OpenAIBaseURL: c.OpenAIBaseURL, OpenAIModel: c.OpenAIModel,
		OpenAIEmbeddingModel: c.OpenAIEmbeddingModel, OllamaHost: c.OllamaHost, OllamaModel: c.OllamaModel,
		OllamaEmbeddingModel: c.OllamaEmbeddingModel})
	if err != nil {
		return err
	}
	if m.Generator != nil {
		s.log.Info("chatbot model", "model", m.GeneratorName, "embedder", m.EmbedderName)
	}
	s.Indexer = services.NewChatIndexer(s.DB, s.Uploads, s.readPDF, m, s.log)
	if s.Chat, err = services.NewChat(s.DB, m, catalog, s.Limiter, c.RatePerIP, c.Timeout, s.log); err != nil {
		return err
	}
	s.Cards.OnChange(s.Indexer.Enqueue)
	s.Cards.OnChange(s.Chat.Forget)
	s.Indexer.OnIndexed(s.Chat.Forget)
	return nil
}
