package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/services"
	"sitecard/static"
)

// csp allows only the site's own scripts, styles and images: no inline script anywhere.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the same headers on every response. Referrer-Policy is same-origin,
// not no-referrer: Fiber's CSRF check needs the Referer over HTTPS.
func securityHeaders(https bool) fiber.Handler {
	hs := newHeaders(
		"Content-Security-Policy", csp,
		"X-Content-Type-Options", "nosniff",
		"X-Frame-Options", "DENY",
		"Referrer-Policy", "same-origin",
		"Permissions-Policy", "camera=(), microphone=(), geolocation=()",
		"Cross-Origin-Opener-Policy", "same-origin",
	)
	if https {
		hs = append(hs, newHeaders("Strict-Transport-Security", "max-age=31536000")...)
	}
	return func(c *fiber.Ctx) error {
		hs.apply(c)
		return c.Next()
	}
}

// headers is a fixed list of response headers, prepared once. Setting them with
// pre-canonicalised byte keys skips fasthttp's per-call normalisation, which showed up
// as a third of the cached page's CPU time.
type headers [][2][]byte

func newHeaders(kv ...string) headers {
	hs := make(headers, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		hs = append(hs, [2][]byte{[]byte(kv[i]), []byte(kv[i+1])})
	}
	return hs
}

func (hs headers) apply(c *fiber.Ctx) {
	h := &c.Response().Header
	for _, kv := range hs {
		h.SetCanonical(kv[0], kv[1])
	}
}

// requestLog logs one structured line per request once it has been answered.
func requestLog(log *slog.Logger, ps proxies) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			// Let the error handler set the final status before it is logged.
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				c.Status(fiber.StatusInternalServerError)
			}
		}
		status := c.Response().StatusCode()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		if !log.Enabled(context.Background(), level) {
			return nil
		}
		log.LogAttrs(context.Background(), level, "request",
			slog.String("method", c.Method()),
			slog.String("path", c.Path()),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", ps.clientIP(c)),
			slog.Int("bytes", responseSize(c)),
		)
		return nil
	}
}

// responseSize is the size of the response's body as the log reports it, read without
// touching a body stream: asking fasthttp for a stream's Body() reads the whole stream into
// memory (in fasthttp 1.78), which would hold a backup download whole while its reader
// takes it. A stream reports its Content-Length, or -1 when it has none (it is written
// after this line is logged).
func responseSize(c *fiber.Ctx) int {
	r := c.Response()
	if r.IsBodyStream() {
		return r.Header.ContentLength()
	}
	return len(r.Body())
}

// Body limits, before parsing: a form of fields, the dashboard's forms, and an upload.
const (
	formBody   = 64 << 10 // a message of 2,000 Hangul, percent-encoded, is 18 KB
	adminBody  = 256 << 10
	uploadBody = services.MaxResumeBytes + 64<<10
	// A JSON Resume file, percent-encoded when the editor sends it back: at most three
	// times its size.
	importBody = 3*services.MaxResumeJSONBytes + 64<<10
)

// allowance is what one route may take beyond its group's limits: a larger body (a file)
// and more time (a child process reading a PDF, a mail relay). Routes declare theirs with
// allow, registered ahead of their group so that it runs before the group's limits.
type allowance struct {
	body int
	time time.Duration
}

const (
	localsAllowance = "route.allowance"
	localsBaseCtx   = "route.base_ctx"
)

// allow declares a route's allowance: bodyLimit reads the body, and the request's deadline
// is set again from where deadline began it, with the extra time.
func allow(a allowance) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(localsAllowance, a)
		if base, ok := c.Locals(localsBaseCtx).(baseDeadline); ok && a.time > 0 {
			ctx, cancel := context.WithTimeout(base.ctx, base.limit+a.time)
			defer cancel()
			c.SetUserContext(ctx)
		}
		return c.Next()
	}
}

// bodyLimit answers 413 to a body over limit bytes (or the route's allowance) before
// anything parses it: a form of millions of fields would otherwise cost its parsing, and
// memory, first.
func bodyLimit(limit int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		a, _ := c.Locals(localsAllowance).(allowance)
		allowed := max(limit, a.body)
		body := c.Request().Body()
		if len(body) > allowed {
			return fiber.ErrRequestEntityTooLarge
		}
		if fieldCount(c, body) > maxFields {
			return fiber.NewError(fiber.StatusRequestEntityTooLarge, "too many form fields")
		}
		return c.Next()
	}
}

// maxFields is more fields than any form of the site has (the editor's item form has
// about twenty): a body of thousands of one-byte fields costs far more to parse than its
// size says.
const maxFields = 200

// fieldCount counts a form body's fields without parsing it: the separators of a
// URL-encoded form, the boundaries of a multipart one. Other bodies (JSON) have none.
func fieldCount(c *fiber.Ctx, body []byte) int {
	ct := c.Request().Header.ContentType()
	switch {
	case bytes.HasPrefix(ct, []byte(fiber.MIMEApplicationForm)):
		return bytes.Count(body, []byte("&")) + 1
	case bytes.HasPrefix(ct, []byte(fiber.MIMEMultipartForm)):
		_, b, ok := bytes.Cut(ct, []byte("boundary="))
		if !ok || len(b) == 0 {
			return 0 // fasthttp refuses it when parsing
		}
		return bytes.Count(body, append([]byte("--"), bytes.Trim(b, `"`)...)) - 1
	}
	return 0
}

// photoDecode is about what the largest photo takes to decode and scale, on a slow core.
const photoDecode = 5 * time.Second

// deadline gives every request's database work a deadline (DB_TIMEOUT): a database that is
// gone or frozen makes the request answer 503 in time, and a write that did not commit by
// then is rolled back rather than committed after the client gave up. Static files, which
// never reach the database, skip it. Routes that wait on more than the database (a PDF
// read in a child process, a photo decoded, a mail relay) add their time with allow.
func deadline(d time.Duration) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if strings.HasPrefix(c.Path(), static.Prefix) {
			return c.Next()
		}
		c.Locals(localsBaseCtx, baseDeadline{ctx: c.UserContext(), limit: d})
		ctx, cancel := context.WithTimeout(c.UserContext(), d)
		defer cancel()
		c.SetUserContext(ctx)
		return c.Next()
	}
}

// baseDeadline is where a request's deadline began, for allow to set it again.
type baseDeadline struct {
	ctx   context.Context
	limit time.Duration
}
