// Package handlers turns HTTP requests into service calls and renders the answers:
// whole pages for browsers, partials for htmx, JSON for the API.
package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/i18n"
	"sitecard/internal/jsonresume"
	"sitecard/internal/metrics"
	"sitecard/internal/ogimage"
	"sitecard/internal/pagecache"
	"sitecard/services"
	"sitecard/static"
)

// Deps is everything the HTTP layer needs, built once by the server.
type Deps struct {
	Config     *config.Config
	DB         *bun.DB
	Catalog    *i18n.Catalog
	Cards      *services.Cards
	Members    *services.Members
	Signins    *services.Signins
	Factor     *services.SecondFactor
	Audit      *services.Audit
	Passkeys   *services.Passkeys
	SSO        *services.SSO
	Views      *services.Views
	Uploads    *services.Uploads
	Sessions   fiber.Storage
	Tokens     *services.Tokens
	Outbox     *services.Outbox
	Channels   *services.Channels
	Backups    *services.Backups
	Contacts   *services.Contacts
	RefreshJob *services.RefreshJob
	Metrics    *metrics.Metrics
	Chat       *services.Chat
	Indexer    *services.ChatIndexer
	Cache      *pagecache.Cache
	Drawn      *services.Drawn
	Logger     *slog.Logger
	// BackupIdle ends a backup download whose reader takes nothing for so long (0:
	// DefaultBackupIdle, a minute).
	BackupIdle time.Duration
	// Now is the clock of the half-signed-in state (tests move it); nil is time.Now.
	Now func() time.Time
}

// site holds what every handler shares.
type site struct {
	cfg     *config.Config
	render  *renderer
	log     *slog.Logger
	proxies proxies
	now     func() time.Time
	audit   *services.Audit
}

// New builds the Fiber app with its middleware and every route.
func New(d Deps) (*fiber.App, error) {
	manifest, err := static.Load(static.FS)
	if err != nil {
		return nil, err
	}
	r, err := newRenderer(manifest, d.Catalog, d.Config.TimeZone)
	if err != nil {
		return nil, err
	}
	s := &site{cfg: d.Config, render: r, log: d.Logger, proxies: parseProxies(d.Config.TrustedProxies), now: d.Now, audit: d.Audit}
	if s.now == nil {
		s.now = time.Now
	}

	app := fiber.New(fiber.Config{
		AppName:               "sitecard",
		DisableStartupMessage: true,
		// Every string a handler reads from the request (params, query, form values,
		// headers, cookies, path) is its own copy, not a view into fasthttp's buffers that
		// the next request reuses: the one boundary where borrowed strings are copied, so no
		// handler, cache or goroutine behind it has to think of it (bench/README.md has the
		// cost: a few small allocations per request, under the machine's noise).
		Immutable:    true,
		ErrorHandler: s.handleError,
		ReadTimeout:  15 * time.Second,
		WriteTimeout: 30 * time.Second,
		IdleTimeout:  90 * time.Second,
		BodyLimit:    12 << 20,
		// fasthttp would otherwise parse a multipart body while reading it, before any
		// route's body and field limits: any client could make every route parse a 12 MB
		// form. It is parsed when a handler asks for it.
		DisablePreParseMultipartForm: true,
		// The address book at /dav/ speaks WebDAV's methods (dav.go).
		RequestMethods: davMethods(),
	})
	if d.Metrics != nil {
		app.Use(d.Metrics.Middleware())
	}
	// Request logs are Info lines; below that level the middleware is left out entirely,
	// which is worth it on the hot path of a site that should beat a static server.
	if d.Logger.Enabled(context.Background(), slog.LevelInfo) {
		app.Use(requestLog(d.Logger, s.proxies))
	}
	app.Use(recover.New())
	app.Use(securityHeaders(d.Config.IsHTTPS()))
	app.Use(deadline(d.Config.DBTimeout))
	og, err := ogimage.New()
	if err != nil {
		return nil, err
	}
	resumes, err := jsonresume.NewReader()
	if err != nil {
		return nil, err
	}
	routes(app, s, d, manifest, og, resumes)
	return app, nil
}
