package handlers

import (
	"context"
	"encoding/xml"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/i18n"
	"sitecard/services"
)

// seo serves what search engines read: the sitemap and robots.txt.
type seo struct {
	*site
	cards CardPages
	// drawn keeps the sitemap's files per content version: anyone may ask for them, and
	// each lists up to 25,000 cards.
	drawn Drawn
}

type sitemapURL struct {
	Loc     string        `xml:"loc"`
	LastMod string        `xml:"lastmod,omitempty"`
	Links   []sitemapLink `xml:"xhtml:link"`
}

// sitemapLink is an alternate language of a URL (Google's xhtml:link in sitemaps).
type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemapSize is the most URLs one sitemap file may list (the sitemaps.org protocol's
// limit); a site with more gets a sitemap index of files this size. Each card is listed
// once per language, so a file holds sitemapCards cards.
const (
	sitemapSize  = 50_000
	sitemapCards = sitemapSize / 2
)

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemap lists every published card, or, past sitemapSize cards, the sitemap files
// that do.
func (h *seo) sitemap(c *fiber.Ctx) error {
	return h.kept(c, "index", func(ctx context.Context) (any, error) {
		n, err := h.cards.CountPublished(ctx)
		if err != nil || n <= sitemapCards {
			return nil, err // the first page is the sitemap
		}
		index := sitemapIndex{NS: sitemapNS}
		for i := 1; (i-1)*sitemapCards < n; i++ {
			index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: h.cfg.BaseURL.String() + "/sitemap-" + strconv.Itoa(i) + ".xml"})
		}
		return index, nil
	})
}

// sitemapPart serves /sitemap-N.xml, the Nth file of the index.
func (h *seo) sitemapPart(c *fiber.Ctx) error {
	i, err := strconv.Atoi(c.Params("n"))
	if err != nil || i < 1 {
		return fiber.ErrNotFound
	}
	return h.kept(c, strconv.Itoa(i), func(ctx context.Context) (any, error) { return h.sitemapPage(ctx, i-1) })
}

// kept sends the sitemap file named variant, made by build (nil: the first page) once per
// version of the cards.
func (h *seo) kept(c *fiber.Ctx, variant string, build func(ctx context.Context) (any, error)) error {
	ctx := c.UserContext()
	version, err := h.cards.Version(ctx)
	if err != nil {
		return err
	}
	body, err := h.drawn.Get(services.DrawnKey{Kind: services.DrawnSitemap, Version: version, Variant: variant}, func() ([]byte, error) {
		doc, err := build(ctx)
		if err == nil && doc == nil {
			doc, err = h.sitemapPage(ctx, 0)
		}
		if err != nil {
			return nil, err
		}
		out, err := xml.MarshalIndent(doc, "", "  ")
		return append([]byte(xml.Header), out...), err
	})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	return c.Send(body)
}

func (h *seo) sitemapPage(ctx context.Context, page int) (any, error) {
	cards, err := h.cards.Published(ctx, page*sitemapCards, sitemapCards)
	if err != nil {
		return nil, err
	}
	if len(cards) == 0 && page > 0 {
		return nil, fiber.ErrNotFound
	}
	base := h.cfg.BaseURL.String()
	set := urlset{NS: sitemapNS, XHTML: "http://www.w3.org/1999/xhtml", URLs: make([]sitemapURL, 0, 2*len(cards))}
	langs := i18n.Languages()
	for _, card := range cards {
		at := base + card.Path()
		links := make([]sitemapLink, 0, len(langs)+1)
		for _, lang := range langs {
			links = append(links, sitemapLink{Rel: "alternate", HrefLang: lang, Href: at + "?lang=" + lang})
		}
		links = append(links, sitemapLink{Rel: "alternate", HrefLang: "x-default", Href: at})
		for _, lang := range langs {
			set.URLs = append(set.URLs, sitemapURL{Loc: at + "?lang=" + lang, LastMod: card.UpdatedAt.UTC().Format("2006-01-02"), Links: links})
		}
	}
	return set, nil
}

func (h *seo) robots(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	return c.SendString("User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /prefs\n\nSitemap: " +
		h.cfg.BaseURL.String() + "/sitemap.xml\n")
}
