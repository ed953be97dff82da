package handlers

import (
	"context"
	"log/slog"
	"reflect"
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
	Config   *config.Config
	DB       *bun.DB
	Catalog  *i18n.Catalog
	Cards    Cards
	Members  Members
	Signins  Signins
	Factor   SecondFactor
	Audit    Audit
	Passkeys Passkeys
	SSO      SSO
	Views    Views
	Uploads  Uploads
	Sessions fiber.Storage
	// Message delivery (services/messages), on the handlers' own interfaces.
	Intake     Intake
	Inbox      Inbox
	Channels   ChannelSettings
	Account    KakaoAccount
	RefreshJob RefreshStatus
	Backups    Backups
	Metrics    *metrics.Metrics
	Chat       Chat
	Indexer    ChatIndex
	Cache      *pagecache.Cache
	Drawn      Drawn
	Logger     *slog.Logger
	// BackupIdle ends a backup download whose reader takes nothing for so long (0:
	// DefaultBackupIdle, a minute).
	BackupIdle time.Duration
	// Now is the clock of the half-signed-in state (tests move it); nil is time.Now.
	Now func() time.Time

	// AddressBook keeps the contacts visitors shared, for their owner and for CardDAV.
	AddressBook *services.AddressBook
}

// withoutTypedNils turns a service that is off (a nil *services.SSO when no OpenID
// provider is set, say) into a nil interface: the handlers ask "is it on?" with == nil,
// which a nil pointer inside an interface would answer "yes, it is on".
func (d Deps) withoutTypedNils() Deps {
	v := reflect.ValueOf(&d).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() == reflect.Interface && !f.IsNil() && f.Elem().Kind() == reflect.Pointer && f.Elem().IsNil() {
			f.SetZero()
		}
	}
	return d
}

// site holds what every handler shares.
type site struct {
	cfg     *config.Config
	render  *renderer
	log     *slog.Logger
	proxies proxies
	now     func() time.Time
	audit   Audit
}

// New builds the Fiber app with its middleware and every route.
func New(d Deps) (*fiber.App, error) {
	d = d.withoutTypedNils()
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
