package handlers

import (
	"github.com/gofiber/fiber/v2"

	"sitecard/services"
)

// media serves uploaded photos and résumés from outside the static folder.
type media struct {
	uploads *services.Uploads
}

func (m media) serve(c *fiber.Ctx) error {
	f, err := m.uploads.Open(c.Params("name"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, f.ContentType)
	if f.IsPDF {
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="resume.pdf"`)
	}
	return c.Send(f.Body)
}
