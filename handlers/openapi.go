package handlers

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// openAPI describes the public JSON APIs and the dashboard's status JSON (OpenAPI 3.1);
// the tests check it against the OpenAPI schema and the real answers against it.
//
//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(openAPI)
}
