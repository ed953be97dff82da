package handlers

import "github.com/gofiber/fiber/v2"

// registerAdmin lists every dashboard route. Each one passes the CSRF check and the
// sign-in check; member management also needs the admin role. Services check ownership.
func registerAdmin(app *fiber.App, a *auth, adm *admin, ed *editor, kk *kakaoAdmin, in *inbox) {
	r := app.Group("/admin", a.csrf, a.requireMember)

	// Dashboard and the member's own account.
	r.Get("/", adm.dashboard)
	r.Post("/cards", adm.createCard)
	r.Get("/account", adm.account)
	r.Post("/account", adm.saveAccount)
	r.Post("/account/password", adm.savePassword)

	// Card editor.
	r.Get("/cards/:id", ed.show)
	r.Post("/cards/:id/:action", ed.cardAction)
	r.Post("/sections/:id", ed.sectionAction)
	r.Post("/sections/:id/:action", ed.sectionAction)
	items, links := ed.itemAction(), ed.linkAction()
	r.Post("/items/:id", items)
	r.Post("/items/:id/:action", items)
	r.Post("/links/:id", links)
	r.Post("/links/:id/:action", links)

	// KakaoTalk connection.
	r.Get("/kakao", kk.page)
	r.Get("/kakao/status", kk.status)
	r.Get("/kakao/connect", kk.connect)
	r.Get("/kakao/callback", kk.callback)
	r.Post("/kakao/:action", kk.action)

	// Inbox.
	r.Get("/messages", in.list)
	r.Get("/messages/:id", in.show)
	r.Post("/messages/:id/:action", in.action)

	// Member management (admins).
	r.Get("/members", a.requireAdmin, adm.memberList)
	r.Post("/members", a.requireAdmin, adm.createMember)
	r.Post("/members/:id/:action", a.requireAdmin, adm.memberAction)
}
