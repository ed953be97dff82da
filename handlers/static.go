package handlers

import (
	"github.com/gofiber/fiber/v2"

	"sitecard/static"
)

// staticFiles serves the embedded assets under fingerprinted names, cached for a year.
type staticFiles struct {
	assets *static.Manifest
}

func (h *staticFiles) serve(c *fiber.Ctx) error {
	f, ok := h.assets.File(c.Params("*"))
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderETag, f.ETag)
	c.Set(fiber.HeaderVary, "Accept-Encoding")
	c.Set(fiber.HeaderContentType, f.ContentType)
	if c.Get(fiber.HeaderIfNoneMatch) == f.ETag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if f.Gzip != nil && acceptsGzip(c) {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(f.Gzip)
	}
	return c.Send(f.Body)
}
