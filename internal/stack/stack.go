package stack

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/budget"
	"sitecard/internal/chat"
	"sitecard/internal/config"
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

// TokenRefreshJob is the name the Kakao token refresh runs and is recorded under.
const TokenRefreshJob = "kakao-token-refresh"

// Deps is what a build is given. Config and DB are required; the rest have the running
// site's defaults, and are there for the tests.
type Deps struct {
	Config *config.Config
	// DB is migrated already. Snapshot is the backups' own pool
	// (database.OpenSnapshot); nil: DB.
	DB       *bun.DB
	Snapshot *bun.DB
	Log      *slog.Logger     // nil: slog.Default()
	Catalog  *i18n.Catalog    // nil: the embedded catalogue
	Now      func() time.Time // nil: the wall clock
	// FastHashing makes argon2id cheap, for tests that sign in a lot.
	FastHashing bool
	// Mailer sends the account mail and the email channel's (tests trust their relay's
	// certificate); nil: SMTP_URL's, if it is set.
	Mailer *mailer.Sender
	// KakaoHTTP is the client that calls Kakao (tests shorten its timeout); nil: one
	// with a 10 s timeout.
	KakaoHTTP *http.Client
	// PageCachePages and PageCacheBytes bound the page cache (zero: 4,096 pages and
	// 32 MB; tests flood a small one).
	PageCachePages int
	PageCacheBytes int64
	// PDF bounds each résumé reading (zero: pdftext.DefaultLimits()); PDFReaders is how
	// many read at once (zero: one, as each is a child process that holds a few hundred
	// megabytes while it works).
	PDF        pdftext.Limits
	PDFReaders int
	// Budget is the memory the password hashes and photo decodes share (nil:
	// budget.Default); PhotoWait is how long a photo waits for its share (zero:
	// services.PhotoWait).
	Budget    *budget.Budget
	PhotoWait time.Duration
	// Channels are message channels beyond the built-in ones (a test's fake), and
	// Counter is told each delivery attempt's outcome (a test's; nil: the metrics').
	Channels []messages.Channel
	Counter  messages.Counter
}

// Services are one instance's services. A second build on the same configuration and
// database is a second instance.
type Services struct {
	Catalog     *i18n.Catalog
	Cache       *pagecache.Cache
	Drawn       *services.Drawn
	ReadPDF     services.PDFReader
	Cards       *services.Cards
	Uploads     *services.Uploads
	Members     *services.Members
	Signins     *services.Signins
	Factor      *services.SecondFactor
	Audit       *services.Audit
	Passkeys    *services.Passkeys // nil when BASE_URL's host is an IP address
	SSO         *services.SSO      // nil unless single sign-on is configured
	Views       *services.Views
	AddressBook *services.AddressBook
	Sessions    *sessionstore.Store
	Limiter     *services.Limiter
	Chat        *services.Chat
	Indexer     *services.ChatIndexer
	Jobs        *services.Jobs
	Backups     *services.Backups
	// Messages is message delivery, whole (services/messages): intake, outbox and worker,
	// inbox, channel settings, the KakaoTalk account and its refresh job.
	Messages *messages.Service
	// Metrics is nil unless METRICS_TOKEN or METRICS_ADDR asks for them; Counters are
	// what the services count into then (nil otherwise).
	Metrics  *metrics.Metrics
	Counters *metrics.Counters
}

// Build makes every service on d.DB, seeds the demo card when there is none, creates the
// first admin from ADMIN_LOGIN, and moves files stored on disk by older versions into
// the database. Each service is made with its listeners, so those are made first: the
// chatbot, then the indexer that tells it, then the cards that tell both.
func Build(ctx context.Context, d Deps) (*Services, error) {
	if d.Config == nil || d.DB == nil {
		return nil, fmt.Errorf("stack: a configuration and a database are required")
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Snapshot == nil {
		d.Snapshot = d.DB
	}
	cfg, db, log := d.Config, d.DB, d.Log
	s := &Services{Catalog: d.Catalog}
	if s.Catalog == nil {
		var err error
		if s.Catalog, err = i18n.Load(); err != nil {
			return nil, err
		}
	}
	if cfg.MetricsToken != "" || cfg.MetricsAddr != "" {
		s.Counters = metrics.NewCounters()
	}
	pages, bytes := 4096, int64(32<<20)
	if d.PageCachePages > 0 {
		pages, bytes = d.PageCachePages, d.PageCacheBytes
	}
	s.Cache = pagecache.New(pages, bytes)
	limits, readers := d.PDF, d.PDFReaders
	if limits == (pdftext.Limits{}) {
		limits = pdftext.DefaultLimits()
	}
	s.ReadPDF = services.NewPDFReader(limits, max(readers, 1))
	// One memory budget for the expensive work anyone can ask for: password hashes and
	// photo decodes.
	shared := d.Budget
	if shared == nil {
		shared = budget.New(budget.Default)
	}
	s.Uploads = services.NewUploads(db, cfg.MediaDir())
	// Share images and PDF résumés (30–150 KB each, up to a few MB at a card's limits),
	// vCards and QR codes: 32 MB at most.
	s.Drawn = services.NewDrawn(s.Uploads, 1024, 32<<20)
	s.Limiter = services.NewLimiter(db, d.Now, cfg.IPv6Prefix)
	if err := s.chatbot(d); err != nil {
		return nil, err
	}
	s.Cards = services.NewCards(services.CardsDeps{DB: db, Cache: services.Invalidators{s.Cache, s.Drawn}, ReadPDF: s.ReadPDF,
		Budget: shared, DecodeWait: d.PhotoWait, Now: d.Now,
		// A changed card is indexed again, and the chatbot forgets what it cached.
		OnChange: []func(int64){s.Indexer.Enqueue, s.Chat.Forget}})
	if err := s.Uploads.MigrateFiles(ctx, log); err != nil {
		return nil, err
	}
	seeded, err := s.Cards.SeedDemo(ctx)
	if err != nil {
		return nil, err
	}
	if seeded {
		log.Info("demo card created", "path", "/c/demo")
	}
	base := cfg.BaseURL.String()
	// Reset links and notices about the account go through the same relay as messages.
	accountMail := d.Mailer
	if accountMail == nil && cfg.SMTP.Configured() {
		accountMail = mailer.New(cfg.SMTP.URL, cfg.SMTP.Insecure)
	}
	s.Members = services.NewMembers(services.MembersDeps{DB: db, Limiter: s.Limiter, Budget: shared, Now: d.Now,
		FastHashing: d.FastHashing, Mail: accountMail, From: cfg.SMTP.From, BaseURL: base, Log: log})
	created, err := s.Members.Bootstrap(ctx, cfg.AdminLogin, cfg.AdminPassword)
	if err != nil {
		return nil, err
	}
	if created {
		log.Info("first admin created from ADMIN_LOGIN", "login", cfg.AdminLogin)
	} else if n, err := s.Members.Count(ctx); err == nil && n == 0 {
		log.Warn("no member yet: open /setup to create the first admin")
	}
	s.Views = services.NewViews(db)
	s.AddressBook = services.NewAddressBook(db, d.Now)
	// The session store keeps the wall clock: Fiber's session middleware dates the
	// cookies by it, and a row must not outlive or predecease its cookie.
	s.Sessions = sessionstore.New(db, nil)
	s.Signins = services.NewSignins(db, d.Now)
	s.Audit = services.NewAudit(db, d.Now)
	s.SSO = services.NewSSO(services.SSODeps{Config: cfg.SignIn.OIDC, BaseURL: base, DB: db, Members: s.Members, Now: d.Now})
	if s.Passkeys, err = services.NewPasskeys(db, cfg.BaseURL, s.Limiter, d.Now); err != nil {
		return nil, err
	} else if s.Passkeys == nil {
		log.Warn("passkeys are off: BASE_URL's host is an IP address, which WebAuthn does not accept", "base_url", base)
	}
	s.Factor = services.NewSecondFactor(services.SecondFactorDeps{DB: db, Secret: cfg.SecretKey, Limiter: s.Limiter, Members: s.Members,
		Issuer: cfg.BaseURL.Hostname(), Now: d.Now})
	s.Jobs = services.NewJobs(db, d.Now)
	if err := s.buildMessages(ctx, d); err != nil {
		return nil, err
	}
	s.Backups = services.NewBackups(db, d.Snapshot, cfg.SecretKey, func(ctx context.Context) (string, error) {
		m, err := migrations.New(db, cfg.MigrationLockFile())
		if err != nil {
			return "", err
		}
		return m.Applied(ctx)
	})
	if s.Counters != nil {
		// Last: the metrics read the services when scraped, and no service needs them.
		s.Metrics = metrics.New(metrics.Deps{DB: db.DB, Counters: s.Counters, Gauges: s.gauges,
			Caches: map[string]func() (int, int64){"chat": s.Chat.CacheSize, "page": s.Cache.Size, "drawn": s.Drawn.Size}})
	}
	return s, nil
}

// chatbot connects the configured models and builds the chatbot, then the indexer that
// tells it when a card's index changed.
func (s *Services) chatbot(d Deps) error {
	c := d.Config.Chat
	m, err := chat.Open(chat.Providers{OpenAIKey: c.OpenAIKey, OpenAIBaseURL: c.OpenAIBaseURL, OpenAIModel: c.OpenAIModel,
		OpenAIEmbeddingModel: c.OpenAIEmbeddingModel, OllamaHost: c.OllamaHost, OllamaModel: c.OllamaModel,
		OllamaEmbeddingModel: c.OllamaEmbeddingModel})
	if err != nil {
		return err
	}
	if m.Generator != nil {
		d.Log.Info("chatbot model", "model", m.GeneratorName, "embedder", m.EmbedderName)
	}
	var answered func(string)
	if s.Counters != nil {
		answered = s.Counters.Answered
	}
	if s.Chat, err = services.NewChat(services.ChatDeps{DB: d.DB, Models: m, Catalog: s.Catalog, Limiter: s.Limiter,
		PerIP: c.RatePerIP, Timeout: c.Timeout, Now: d.Now, Log: d.Log, OnAnswer: answered}); err != nil {
		return err
	}
	s.Indexer = services.NewChatIndexer(services.ChatIndexerDeps{DB: d.DB, Uploads: s.Uploads, ReadPDF: s.ReadPDF, Models: m,
		Now: d.Now, Log: d.Log, OnIndexed: []func(int64){s.Chat.Forget}})
	return nil
}
