package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"

	"sitecard/assets"
	"sitecard/i18n"
	"sitecard/templates"
)

// themes a visitor can pick; auto follows the device.
func themes() []string { return []string{"auto", "light", "dark"} }

// View is the data every page needs. Page-specific views embed it.
type View struct {
	Lang        string
	Theme       string
	Path        string
	Title       string
	Description string
	Canonical   string
	CSRF        string
	Meta        *Meta
	Status      int
	Empty       bool

	catalog *i18n.Catalog
}

// Meta is the social preview (OpenGraph, Twitter) and JSON-LD of a page.
type Meta struct {
	Title, Description, URL, Image string
	JSONLD                         any
}

// T translates key into the page's language.
func (v *View) T(key string) string { return v.catalog.T(v.Lang, key) }

// Themes lists the theme choices for the toggle.
func (v *View) Themes() []string { return themes() }

// renderer turns views into HTML, whole pages or the fragments htmx asks for.
type renderer struct {
	engine  *html.Engine
	assets  *assets.Manifest
	catalog *i18n.Catalog
}

func newRenderer(manifest *assets.Manifest, catalog *i18n.Catalog) (*renderer, error) {
	engine := html.NewFileSystem(http.FS(templates.FS), ".html")
	engine.AddFunc("asset", func(name string) (string, error) {
		if u, ok := manifest.Lookup(name); ok {
			return u, nil
		}
		return "", fmt.Errorf("no asset %q", name)
	})
	engine.AddFunc("deref", func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	})
	engine.AddFunc("truncate", func(s string, n int) string {
		if r := []rune(s); len(r) > n {
			return string(r[:n-1]) + "…"
		}
		return s
	})
	// moveArgs bundles what the up/down/delete buttons need: the page (for the CSRF token
	// and texts), the thing's URL and its anchor.
	engine.AddFunc("moveArgs", func(v any, url, anchor string) map[string]any {
		return map[string]any{"View": v, "URL": url, "Anchor": anchor}
	})
	// Loading now makes a broken template fail at start-up, not on a visitor's request.
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("handlers: templates: %w", err)
	}
	return &renderer{engine: engine, assets: manifest, catalog: catalog}, nil
}

// view fills in the data every page needs from the request.
func (r *renderer) view(c *fiber.Ctx) View {
	return View{
		Lang:    i18n.Negotiate(c.Cookies("lang"), c.Get(fiber.HeaderAcceptLanguage)),
		Theme:   themeOf(c.Cookies("theme")),
		Path:    c.Path(),
		catalog: r.catalog,
	}
}

// render writes page into a buffer first, so a template error becomes a clean 500
// rather than half a page. htmx requests get the page without the layout.
func (r *renderer) render(page string, data any, fragment bool) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if fragment {
		err = r.engine.Render(&buf, "pages/"+page, data)
	} else {
		err = r.engine.Render(&buf, "pages/"+page, data, "layouts/main")
	}
	if err != nil {
		return nil, fmt.Errorf("handlers: render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// send renders and sends a page with status.
func (r *renderer) send(c *fiber.Ctx, status int, page string, data any) error {
	body, err := r.render(page, data, isHTMX(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderVary, "HX-Request, Accept-Language, Cookie")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Status(status).Type("html", "utf-8")
	return c.Send(body)
}

func isHTMX(c *fiber.Ctx) bool {
	return c.Get("HX-Request") == "true" && c.Get("HX-History-Restore-Request") != "true"
}

func themeOf(cookie string) string {
	switch cookie {
	case "light", "dark":
		return cookie
	}
	return "auto"
}

func acceptsGzip(c *fiber.Ctx) bool {
	return strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip")
}
