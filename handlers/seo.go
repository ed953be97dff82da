package handlers

import (
	"encoding/xml"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/services"
)

// seo serves what search engines read: the sitemap and robots.txt.
type seo struct {
	*site
	cards *services.Cards
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemapSize is the most URLs one sitemap file may list (the sitemaps.org protocol's
// limit); a site with more gets a sitemap index of files this size.
const sitemapSize = 50_000

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemap lists every published card, or, past sitemapSize cards, the sitemap files
// that do.
func (h *seo) sitemap(c *fiber.Ctx) error {
	n, err := h.cards.CountPublished(c.UserContext())
	if err != nil {
		return err
	}
	if n <= sitemapSize {
		return h.sitemapPage(c, 0)
	}
	index := sitemapIndex{NS: sitemapNS}
	for i := 1; (i-1)*sitemapSize < n; i++ {
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: h.cfg.BaseURL.String() + "/sitemap-" + strconv.Itoa(i) + ".xml"})
	}
	return sendXML(c, index)
}

// sitemapPart serves /sitemap-N.xml, the Nth file of the index.
func (h *seo) sitemapPart(c *fiber.Ctx) error {
	i, err := strconv.Atoi(c.Params("n"))
	if err != nil || i < 1 {
		return fiber.ErrNotFound
	}
	return h.sitemapPage(c, i-1)
}

func (h *seo) sitemapPage(c *fiber.Ctx, page int) error {
	cards, err := h.cards.Published(c.UserContext(), page*sitemapSize, sitemapSize)
	if err != nil {
		return err
	}
	if len(cards) == 0 && page > 0 {
		return fiber.ErrNotFound
	}
	base := h.cfg.BaseURL.String()
	set := urlset{NS: sitemapNS, URLs: make([]sitemapURL, 0, len(cards))}
	for _, card := range cards {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + card.Path(), LastMod: card.UpdatedAt.UTC().Format("2006-01-02")})
	}
	return sendXML(c, set)
}

func sendXML(c *fiber.Ctx, v any) error {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/xml; charset=utf-8")
	return c.Send(append([]byte(xml.Header), out...))
}

func (h *seo) robots(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	return c.SendString("User-agent: *\nAllow: /\nDisallow: /admin\nDisallow: /prefs\n\nSitemap: " +
		h.cfg.BaseURL.String() + "/sitemap.xml\n")
}
