// Package handlers turns HTTP requests into service calls and renders the answers:
// whole pages for browsers, fragments for htmx, JSON for the API.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/uptrace/bun"

	"sitecard/assets"
	"sitecard/config"
	"sitecard/i18n"
	"sitecard/pagecache"
	"sitecard/services"
	"sitecard/static"
)

// Deps is everything the HTTP layer needs, built once in main.
type Deps struct {
	Config   *config.Config
	DB       *bun.DB
	Cards    *services.Cards
	Members  *services.Members
	Views    *services.Views
	Uploads  *services.Uploads
	Sessions fiber.Storage
	Tokens   *services.Tokens
	Outbox   *services.Outbox
	Job      JobInfo
	// Now is the clock for time-based checks (the contact form's minimum fill time).
	Now    func() time.Time
	Cache  *pagecache.Cache
	Logger *slog.Logger
}

// site holds what every handler shares.
type site struct {
	cfg    *config.Config
	render *renderer
	assets *assets.Manifest
	media  media
	log    *slog.Logger
}

// New builds the Fiber app with its middleware and every route.
func New(d Deps) (*fiber.App, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	manifest, err := assets.Load(static.FS)
	if err != nil {
		return nil, err
	}
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	r, err := newRenderer(manifest, catalog)
	if err != nil {
		return nil, err
	}
	s := &site{cfg: d.Config, render: r, assets: manifest, media: media{dir: d.Config.MediaDir()}, log: d.Logger}

	app := fiber.New(fiber.Config{
		AppName:               "sitecard",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           90 * time.Second,
		BodyLimit:             12 << 20,
		// X-Forwarded-For is believed only from the reverse proxies named in TRUSTED_PROXIES.
		EnableTrustedProxyCheck: len(d.Config.TrustedProxies) > 0,
		TrustedProxies:          d.Config.TrustedProxies,
		ProxyHeader:             proxyHeader(d.Config.TrustedProxies),
	})
	// Request logs are Info lines; below that level the middleware is left out entirely,
	// which is worth it on the hot path of a site that should beat a static server.
	if d.Logger.Enabled(context.Background(), slog.LevelInfo) {
		app.Use(requestLog(d.Logger))
	}
	app.Use(recover.New())
	app.Use(securityHeaders(d.Config.IsHTTPS()))

	// Card pages and assets are compressed once, when cached; the rest on the fly.
	zip := compress.New()
	(&health{db: d.DB}).Register(app)
	(&staticFiles{assets: manifest}).Register(app)
	(&prefs{secure: d.Config.IsHTTPS()}).Register(app)
	(&seo{site: s, cards: d.Cards, zip: zip}).Register(app)
	s.media.Register(app)
	cards := &Cards{site: s, cards: d.Cards, views: d.Views, cache: d.Cache, zip: zip, send: newPageSender()}
	cards.Register(app)

	a := newAuth(s, d.Sessions, d.Members)
	a.Register(app)
	adm := &admin{site: s, auth: a, cards: d.Cards, members: d.Members, views: d.Views}
	ed := &editor{admin: adm, cards: cards, uploads: d.Uploads}
	kk := &kakaoAdmin{admin: adm, tokens: d.Tokens, outbox: d.Outbox, job: d.Job}
	registerAdmin(app, a, adm, ed, kk, &inbox{admin: adm, outbox: d.Outbox})
	(&contact{site: s, auth: a, cards: d.Cards, outbox: d.Outbox, secret: d.Config.SecretKey, now: d.Now}).Register(app)

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return app, nil
}

// notFound answers 404 with a page, or a fragment for htmx. empty says the site has no
// public card at all, which deserves a different explanation.
func (s *site) notFound(c *fiber.Ctx, empty bool) error {
	v := s.render.view(c)
	v.Title = v.T("notfound.title")
	v.Status = fiber.StatusNotFound
	v.Empty = empty
	if empty {
		v.Title = v.T("empty.title")
	}
	return s.render.send(c, fiber.StatusNotFound, "notfound", &v)
}

// handleError is the one place where errors become status codes. Internal details are
// logged and never shown.
func (s *site) handleError(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code = fe.Code
	}
	if code >= 500 {
		s.log.ErrorContext(c.UserContext(), "request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	if wantsJSON(c) {
		msg := "internal error"
		if fe != nil && code < 500 {
			msg = fe.Message
		}
		return c.Status(code).JSON(fiber.Map{"status": fiber.Map{"code": code, "message": msg}})
	}
	if code == fiber.StatusNotFound {
		return s.notFound(c, false)
	}
	v := s.render.view(c)
	v.Title, v.Status = v.T("error.title"), code
	if rerr := s.render.send(c, code, "error", &v); rerr != nil {
		s.log.Error("error page failed", "err", rerr)
		return c.Status(code).SendString(strings.ToLower(v.Title))
	}
	return nil
}

func wantsJSON(c *fiber.Ctx) bool {
	accept := c.Get(fiber.HeaderAccept)
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}
