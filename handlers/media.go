package handlers

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// mediaName is the shape of the generated names uploads are stored under; nothing else is
// ever read from the media folder.
var mediaName = regexp.MustCompile(`^[a-f0-9]{32}\.(jpg|png|webp|pdf)$`)

// media serves uploaded photos and résumés from outside the static folder.
type media struct {
	dir string
}

// Register adds /media/:name.
func (m media) Register(r fiber.Router) {
	r.Get("/media/:name", m.serve)
}

func (m media) serve(c *fiber.Ctx) error {
	name := c.Params("name")
	if !mediaName.MatchString(name) {
		return fiber.ErrNotFound
	}
	body, err := os.ReadFile(filepath.Join(m.dir, name))
	if err != nil {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, map[string]string{".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", ".pdf": "application/pdf"}[filepath.Ext(name)])
	if strings.HasSuffix(name, ".pdf") {
		c.Set(fiber.HeaderContentDisposition, `attachment; filename="resume.pdf"`)
	}
	return c.Send(body)
}

// read returns a stored photo and its vCard type, or nothing.
func (m media) read(name string) ([]byte, string) {
	if !mediaName.MatchString(name) {
		return nil, ""
	}
	body, err := os.ReadFile(filepath.Join(m.dir, name))
	if err != nil {
		return nil, ""
	}
	return body, map[string]string{".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP"}[filepath.Ext(name)]
}
