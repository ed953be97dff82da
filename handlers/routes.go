package handlers

import (
	"cmp"
	"slices"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"sitecard/internal/jsonresume"
	"sitecard/internal/metrics"
	"sitecard/internal/ogimage"
	"sitecard/internal/pdftext"
	"sitecard/services"
	"sitecard/services/messages"
	"sitecard/static"
)

// routes builds the handlers and lists every route of the site. Guards are applied to
// groups: the visitor forms and sign-in pass the CSRF check; the dashboard passes the
// CSRF check and needs a signed-in member; member management also needs an admin.
// Services check who owns what.
func routes(app *fiber.App, s *site, d Deps, manifest *static.Manifest, og *ogimage.Drawer, resumes *jsonresume.Reader) {
	// Card pages and assets are compressed once, when cached; these on the fly.
	zip := compress.New()
	health := &health{db: d.DB}
	files := &staticFiles{assets: manifest}
	prefs := &prefs{secure: d.Config.IsHTTPS()}
	seo := &seo{site: s, cards: d.Cards, drawn: d.Drawn}
	media := media{files: d.Drawn}
	book := d.AddressBook
	cards := &cardPage{site: s, cards: d.Cards, views: d.Views, uploads: d.Uploads, cache: d.Cache, pages: newPageSender(),
		og: og, drawn: d.Drawn}
	contact := &contact{site: s, cards: d.Cards, contacts: d.Intake, views: d.Views, book: book}
	addressBook := &addressBookPages{site: s, book: book}
	davServer := (&dav{site: s, book: book}).serve()
	auth := newAuth(s, d.Sessions, d.Members, d.Signins, d.Factor)
	auth.passkeys = d.Passkeys
	auth.sso = d.SSO
	admin := &admin{site: s, auth: auth, cards: d.Cards, members: d.Members, views: d.Views, resumes: resumes, backups: d.Backups, reach: d.Intake, audit: d.Audit}
	editor := &editor{site: s, cards: d.Cards, indexer: d.Indexer, uploads: d.Uploads, resumes: resumes}
	kakao := &kakaoPanel{site: s, sessions: auth.sessions, tokens: d.Account, channels: d.Channels, job: d.RefreshJob}
	inbox := &inbox{site: s, outbox: d.Inbox, book: book}
	channels := &channelsPage{site: s, channels: d.Channels}
	backups := &backupDownload{site: s, backups: d.Backups, idle: cmp.Or(d.BackupIdle, DefaultBackupIdle)}
	sources := &sourcesPage{site: s, views: d.Views}
	chatbot := &chatbot{site: s, sessions: auth.sessions, chat: d.Chat}

	// Prometheus, for a scraper that bears METRICS_TOKEN (METRICS_ADDR serves it elsewhere).
	if d.Metrics != nil && d.Config.MetricsToken != "" {
		app.Get("/metrics", bearer(d.Config.MetricsToken), d.Metrics.Handler())
	}

	// Public pages and files: no session, no CSRF.
	app.Get("/healthz", health.live)
	app.Get("/readyz", health.ready)
	app.Get(static.Prefix+"*", files.serve)
	app.Get("/prefs", prefs.set)
	app.Get("/robots.txt", seo.robots)
	app.Get("/sitemap.xml", zip, seo.sitemap)
	app.Get("/sitemap-:n.xml", zip, seo.sitemapPart)
	app.Get("/.well-known/webfinger", seo.webfinger)
	app.Get("/openapi.json", zip, serveOpenAPI)
	app.Get("/media/:name", media.serve)
	app.Get("/", cards.show)
	app.Get("/c/:slug", cards.show)
	app.Get("/c/:slug/vcard.vcf", zip, cards.vcard)
	app.Get("/c/:slug/qr.svg", zip, cards.qr)
	app.Get("/c/:slug/resume.json", zip, cards.resumeJSON)
	app.Get("/c/:slug/og.png", cards.shareImage)
	app.Get("/c/:slug/cv.pdf", cards.cvPDF)
	app.Get("/c/:slug/cards.pdf", cards.cardsPDF)
	app.Get("/c/:slug/background.png", cards.background)
	app.Get("/icons/:service.png", cards.icon)
	app.Get("/c/:slug/go/:target", cards.click)
	// A click the browser reports (ping, sendBeacon): it only counts, like a page view,
	// so it needs no CSRF token; its body is ignored and capped like any form's.
	app.Post("/c/:slug/go/:target", bodyLimit(formBody), cards.ping)

	// The CardDAV address book: signed in with an app password (HTTP Basic), read-only,
	// so no CSRF token; a body is capped like a form's.
	app.All("/.well-known/carddav", davServer)
	app.All("/dav", bodyLimit(formBody), davServer)
	app.All("/dav/*", bodyLimit(formBody), davServer)

	// The seed's JSON API. It has no CSRF token, but it demands application/json, which
	// a cross-site form cannot send.
	app.Post("/kakao", contact.api)
	app.Post("/kakao/", contact.api)
	// The chatbot's JSON API; a form post to the same path goes on to the form's route.
	app.Post("/chat", chatbot.api)

	// Visitor forms and signing in.
	// A body is measured before anything parses it (the CSRF check reads the form): the
	// visitor forms and sign-in take 64 KB, uploads their file.
	forms := guarded(app, bodyLimit(formBody), auth.csrf)
	forms.Get("/c/:slug/contact", contact.form)
	forms.Post("/contact", contact.submit)
	forms.Get("/c/:slug/chat", chatbot.page)
	forms.Post("/chat", chatbot.submit)
	forms.Get("/login", auth.loginPage)
	forms.Post("/login", auth.login)
	forms.Post("/logout", auth.logout)
	forms.Post("/login/passkey/begin", auth.passkeyLoginBegin)
	forms.Post("/login/passkey/finish", auth.passkeyLoginFinish)
	forms.Get("/login/oidc", auth.ssoLogin)
	forms.Get("/login/oidc/callback", auth.ssoCallback)
	forms.Get("/login/code", auth.codePage)
	forms.Post("/login/code", auth.code)
	forms.Get("/login/forgot", auth.forgotPage)
	forms.Post("/login/forgot", auth.forgot)
	forms.Get("/login/reset/:token", auth.resetPage)
	forms.Post("/login/reset/:token", auth.reset)
	forms.Get("/setup", auth.setupPage)
	forms.Post("/setup", auth.setup)
	// The link that confirms a member's email address: a page with a button.
	forms.Get("/confirm-email/:token", channels.confirmPage)
	forms.Post("/confirm-email/:token", channels.confirm)

	// What some dashboard routes take beyond the dashboard's limits, declared before its
	// group so that the group's limits see it.
	for path, a := range map[string]allowance{
		"/admin/cards/:id/photo":  {body: uploadBody, time: services.PhotoWait + photoDecode},
		"/admin/cards/:id/resume": {body: uploadBody, time: pdftext.DefaultLimits().Timeout},
		// A JSON Resume file, on the dashboard's new card and the editor's import.
		"/admin/cards":                  {body: importBody},
		"/admin/cards/:id/import":       {body: importBody},
		"/admin/cards/:id/import/apply": {body: importBody},
		"/admin/channels/:channel/test": {time: messages.ChannelTimeout},
		"/admin/channels/email/confirm": {time: messages.ChannelTimeout},
	} {
		app.Post(path, allow(a))
	}

	// The dashboard and the member's own account.
	adm := app.Group("/admin", bodyLimit(adminBody), auth.csrf, auth.requireMember, auth.requireSecondFactor)
	adm.Get("/", admin.dashboard)
	adm.Post("/cards", admin.createCard)
	adm.Get("/account", admin.account)
	adm.Post("/account", admin.saveAccount)
	adm.Post("/account/password", admin.savePassword)
	adm.Get("/account/app-passwords", addressBook.appPasswords)
	adm.Post("/account/app-passwords", addressBook.createAppPassword)
	adm.Post("/account/app-passwords/:id/revoke", addressBook.revokeAppPassword)
	adm.Get("/sources", sources.page)
	adm.Get("/sources.csv", sources.csv)
	adm.Post("/account/sessions/others/end", admin.endOtherSessions)
	adm.Post("/account/sessions/:ref/end", admin.endSession)
	adm.Post("/account/passkeys/begin", admin.passkeyAddBegin)
	adm.Post("/account/passkeys/finish", admin.passkeyAddFinish)
	adm.Post("/account/passkeys/:id/delete", admin.passkeyRemove)
	adm.Post("/account/oidc/link", admin.ssoLink)
	adm.Post("/account/totp", admin.startTOTP)
	adm.Get("/account/totp", admin.totpPage)
	adm.Post("/account/totp/confirm", admin.confirmTOTP)
	adm.Post("/account/totp/disable", admin.disableTOTP)

	// The card editor.
	adm.Get("/cards/:id", editor.show)
	adm.Post("/cards/:id/profile", editor.saveProfile())
	adm.Post("/cards/:id/preview", editor.preview)
	adm.Get("/cards/:id/signature", editor.signaturePreview)
	adm.Post("/cards/:id/settings", editor.saveSettings())
	adm.Post("/cards/:id/chat", editor.saveChat())
	adm.Post("/cards/:id/primary", editor.makePrimary)
	adm.Post("/cards/:id/delete", editor.deleteCard)
	adm.Post("/cards/:id/photo", editor.upload("photo", services.Photo))
	adm.Post("/cards/:id/resume", editor.upload("resume", services.Resume))
	adm.Post("/cards/:id/import", editor.importPreview)
	adm.Post("/cards/:id/import/apply", editor.importApply)
	adm.Post("/cards/:id/sections", editor.addSection())
	adm.Post("/cards/:id/links", editor.addLink())
	adm.Post("/sections/:id", editor.partUpdate("section", sectionFields(), d.Cards.UpdateSection))
	adm.Post("/sections/:id/delete", editor.partDelete("section", d.Cards.DeleteSection))
	adm.Post("/sections/:id/move", editor.partMove("section", d.Cards.MoveSection))
	adm.Post("/sections/:id/items", editor.partUpdate("new-item", itemFields(), d.Cards.AddItem))
	adm.Post("/items/:id", editor.partUpdate("item", itemFields(), d.Cards.UpdateItem))
	adm.Post("/items/:id/delete", editor.partDelete("item", d.Cards.DeleteItem))
	adm.Post("/items/:id/move", editor.partMove("item", d.Cards.MoveItem))
	adm.Post("/links/:id", editor.partUpdate("link", linkFields(), d.Cards.UpdateLink))
	adm.Post("/links/:id/delete", editor.partDelete("link", d.Cards.DeleteLink))
	adm.Post("/links/:id/move", editor.partMove("link", d.Cards.MoveLink))

	// The KakaoTalk connection.
	adm.Get("/kakao", kakao.page)
	adm.Get("/kakao/status", kakao.status)
	adm.Get("/kakao/connect", kakao.connect)
	adm.Get("/kakao/callback", kakao.callback)
	adm.Post("/kakao/disconnect", kakao.disconnect())
	adm.Post("/kakao/refresh", kakao.refresh())
	adm.Post("/kakao/test", kakao.test())

	// Where messages go.
	adm.Get("/channels", channels.page)
	adm.Post("/channels/email/confirm", channels.sendConfirmation)
	adm.Post("/channels/webhook", channels.saveWebhook)
	adm.Post("/channels/webhook/rotate", channels.rotate)
	adm.Post("/channels/:channel/toggle", channels.toggle)
	adm.Post("/channels/:channel/test", channels.test)

	// The inbox.
	adm.Get("/messages", inbox.list)
	adm.Get("/messages/:id", inbox.show)
	adm.Post("/messages/:id/retry", inbox.action(d.Inbox.Retry, false))
	adm.Post("/messages/:id/read", inbox.action(d.Inbox.MarkRead, false))
	adm.Post("/messages/:id/delete", inbox.action(d.Inbox.Delete, true))
	adm.Get("/messages/:id/contact.vcf", addressBook.contactVCard)
	adm.Post("/messages/:id/contact/delete", addressBook.deleteContact)

	// Member management, for admins.
	members := adm.Group("/members", auth.requireAdmin)
	members.Get("", admin.memberList)
	members.Post("", admin.createMember)
	members.Post("/:id/role", admin.memberAction(services.AuditRole, admin.setRole))
	members.Post("/:id/disable", admin.memberAction(services.AuditDisabled, admin.disable))
	members.Post("/:id/enable", admin.memberAction(services.AuditEnabled, admin.enable))
	members.Post("/:id/delete", admin.memberAction(services.AuditMemberDeleted, admin.deleteMember))
	members.Post("/:id/totp/clear", admin.memberAction(services.AuditTOTPCleared, admin.clearTOTP))

	// The audit trail, for admins.
	adm.Get("/audit", auth.requireAdmin, admin.auditLog)

	// Backups, for admins: streamed as they are written.
	adm.Get("/backup", auth.requireAdmin, backups.download)

	app.Use(func(c *fiber.Ctx) error {
		c.Locals(metrics.Unmatched, true)
		return fiber.ErrNotFound
	})
}

// chain registers routes behind the same middleware, like a group without a common
// path: the visitor forms live at different addresses but share their guard.
type chain struct {
	r  fiber.Router
	mw []fiber.Handler
}

func guarded(r fiber.Router, mw ...fiber.Handler) chain { return chain{r: r, mw: mw} }

func (g chain) Get(path string, h fiber.Handler)  { g.r.Get(path, append(slices.Clone(g.mw), h)...) }
func (g chain) Post(path string, h fiber.Handler) { g.r.Post(path, append(slices.Clone(g.mw), h)...) }
