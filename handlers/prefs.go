package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/i18n"
)

// prefs remembers a visitor's language and theme in cookies. It is a plain link, so the
// toggles work without JavaScript; it changes nothing on the server.
type prefs struct {
	secure bool
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
