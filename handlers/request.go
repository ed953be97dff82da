package handlers

import (
	"encoding/json"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// Reading requests and ending them: the helpers every handler shares.

// formValues reads the named fields of a posted form.
func formValues(c *fiber.Ctx, fields ...string) map[string]string {
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		out[f] = c.FormValue(f)
	}
	return out
}

// formStatus is the status of a refused form: htmx swaps the fragment on 200, and a plain
// post gets the page again with 422.
func formStatus(c *fiber.Ctx) int {
	if isHTMX(c) {
		return fiber.StatusOK
	}
	return fiber.StatusUnprocessableEntity
}

// redirect ends a successful post: 303 for plain forms, HX-Redirect for htmx.
func redirect(c *fiber.Ctx, to string) error {
	if isHTMX(c) {
		c.Set("HX-Redirect", to)
		return c.SendStatus(fiber.StatusNoContent)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

// paramID reads the :id of the path; anything but a positive number is not found.
func paramID(c *fiber.Ctx) (int64, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return int64(id), nil
}

// isHTMX reports whether htmx asked, and wants a fragment rather than a page. A history
// restore wants the whole page.
func isHTMX(c *fiber.Ctx) bool {
	return c.Get("HX-Request") == "true" && c.Get("HX-History-Restore-Request") != "true"
}

// wantsJSON reports whether the client asked for JSON rather than a page.
func wantsJSON(c *fiber.Ctx) bool {
	accept := c.Get(fiber.HeaderAccept)
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

func acceptsGzip(c *fiber.Ctx) bool {
	return strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip")
}

// safeNext keeps redirects on this site. Only a local path is accepted: it starts with
// one "/", parses with no scheme and no host, and holds no white space, control character
// or backslash (browsers drop or reinterpret those, so "/\t/evil.example" or "/\\evil"
// would lead elsewhere). Anything else is "/".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool {
			return r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
		}) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

// maxJSONBody bounds a JSON API request's body.
const maxJSONBody = 64 << 10

// readJSON is every JSON API's prologue: a body of at most 64 KB, declared as JSON, that
// decodes into dst (a struct whose fields say the shape). What fails is a 413, 415 or 400
// with its reason, which the error handler answers in JSON.
func readJSON(c *fiber.Ctx, dst any) error {
	if len(c.Body()) > maxJSONBody {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, "body over 64 KB")
	}
	if !sendsJSON(c) {
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "Content-Type must be application/json")
	}
	if err := json.Unmarshal(c.Body(), dst); err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "body is not a JSON object with the documented fields, each of its type")
	}
	return nil
}

// reply writes the JSON envelope every API answer and JSON error shares:
// {"status":{"code":N,"message":"..."}, ...extra}.
func reply(c *fiber.Ctx, status int, message string, extra fiber.Map) error {
	body := fiber.Map{"status": fiber.Map{"code": status, "message": message}}
	for k, v := range extra {
		body[k] = v
	}
	return c.Status(status).JSON(body)
}
