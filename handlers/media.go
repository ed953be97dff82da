package handlers

import (
	"github.com/gofiber/fiber/v2"
)

// media serves uploaded photos and résumés from outside the static folder.
type media struct {
	// files reads and keeps the stored files: a résumé is up to 10 MB, read whole.
	files Drawn
}

func (m media) serve(c *fiber.Ctx) error {
	// A stored file never changes (a new upload gets a new name), so its name is a strong
	// ETag and browsers may keep it for a year.
	etag := `"` + c.Params("name") + `"`
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	f, err := m.files.Media(c.UserContext(), c.Params("name"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderContentType, f.ContentType)
	if f.IsPDF {
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="resume.pdf"`)
	}
	return c.Send(f.Body)
}
