package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/i18n"
)

// prefs remembers a visitor's language and theme in cookies. It is a plain link, so the
// toggles work without JavaScript; it changes nothing on the server.
type prefs struct {
	secure bool
}

// Register adds GET /prefs.
func (h *prefs) Register(r fiber.Router) {
	r.Get("/prefs", h.set)
}

func (h *prefs) set(c *fiber.Ctx) error {
	if lang := c.Query("lang"); i18n.Supported(lang) {
		h.cookie(c, "lang", lang)
	}
	if theme := c.Query("theme"); theme != "" && themeOf(theme) == theme {
		h.cookie(c, "theme", theme)
	}
	return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
}

func (h *prefs) cookie(c *fiber.Ctx, name, value string) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: value, Path: "/", Expires: time.Now().AddDate(1, 0, 0),
		SameSite: fiber.CookieSameSiteLaxMode, Secure: h.secure,
	})
}

// safeNext keeps redirects on this site: a local absolute path, never //host or /\host.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}
