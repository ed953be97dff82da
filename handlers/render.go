package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/template/html/v2"

	"sitecard/internal/i18n"
	"sitecard/static"
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
	// Alternates are the page's addresses in each language (hreflang), and LangHref, when
	// set, the address the language toggle appends a language to.
	Alternates []Alternate
	LangHref   string
	// MeLinks are the owner's profiles, as <link rel="me"> in the head (IndieWeb and
	// Mastodon verification read either form).
	MeLinks []string
	CSRF    string
	Meta    *Meta
	Status  int
	Empty   bool

	catalog *i18n.Catalog
	zone    *time.Location
}

// Alternate is a page's address in one language.
type Alternate struct {
	Lang, Href string
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
	// mu serializes renders. The engine sets its layout function ("embed") in the function
	// map all templates share on every render, and takes its own lock only for renders in
	// a layout: a fragment rendered meanwhile (an htmx card page, a partial) set it to nil
	// under a page being rendered, which then failed with a 500.
	mu      sync.Mutex
	engine  *html.Engine
	assets  *static.Manifest
	catalog *i18n.Catalog
	// zone is the site's time zone (SITE_TIMEZONE), which pages show times in.
	zone *time.Location
}

func newRenderer(manifest *static.Manifest, catalog *i18n.Catalog, zone *time.Location) (*renderer, error) {
	if zone == nil {
		zone = time.UTC
	}
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
	return &renderer{engine: engine, assets: manifest, catalog: catalog, zone: zone}, nil
}

// view fills in the data every page needs from the request.
func (r *renderer) view(c *fiber.Ctx) View {
	return View{
		Lang:    i18n.Negotiate(c.Cookies("lang"), c.Get(fiber.HeaderAcceptLanguage)),
		Theme:   themeOf(c.Cookies("theme")),
		Path:    c.Path(),
		CSRF:    csrfToken(c),
		catalog: r.catalog,
		zone:    r.zone,
	}
}

// t translates key into the request's language, for texts outside a view.
func (s *site) t(c *fiber.Ctx, key string) string {
	return s.render.catalog.T(i18n.Negotiate(c.Cookies("lang"), c.Get(fiber.HeaderAcceptLanguage)), key)
}

// layouts lists the layouts a page sits in, innermost first: dashboard pages have the
// admin wrapper and navigation, and every page the HTML document.
func layouts(page string) []string {
	if strings.HasPrefix(page, "admin/") {
		return []string{"layouts/admin", "layouts/main"}
	}
	return []string{"layouts/main"}
}

// render writes a template into a buffer first, so a template error becomes a clean
// 500 rather than half a page. name is "pages/..." or a partial's name.
func (r *renderer) render(name string, data any, layouts ...string) ([]byte, error) {
	var buf bytes.Buffer
	r.mu.Lock()
	err := r.engine.Render(&buf, name, data, layouts...)
	r.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("handlers: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// renderPage renders a page in its layouts; an htmx request gets it without the
// outermost one (the HTML document), which is what boosted links and forms swap in.
func (r *renderer) renderPage(page string, data any, htmx bool) ([]byte, error) {
	ls := layouts(page)
	if htmx {
		ls = ls[:len(ls)-1]
	}
	return r.render("pages/"+page, data, ls...)
}

// send renders and sends a page with status.
func (r *renderer) send(c *fiber.Ctx, status int, page string, data any) error {
	body, err := r.renderPage(page, data, isHTMX(c))
	if err != nil {
		return err
	}
	return r.write(c, status, body)
}

// partial renders and sends one named partial alone: the piece of a page an htmx
// request swaps in. The full page includes the same partial, so the markup exists once.
func (r *renderer) partial(c *fiber.Ctx, status int, name string, data any) error {
	body, err := r.render(name, data)
	if err != nil {
		return err
	}
	return r.write(c, status, body)
}

func (r *renderer) write(c *fiber.Ctx, status int, body []byte) error {
	c.Set(fiber.HeaderVary, "HX-Request, Accept-Language, Cookie")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Status(status).Type("html", "utf-8")
	return c.Send(body)
}

func themeOf(cookie string) string {
	// Constants, not the cookie's bytes, which the next request reuses (the page cache
	// keeps the theme in its keys).
	switch cookie {
	case "light":
		return "light"
	case "dark":
		return "dark"
	}
	return "auto"
}
