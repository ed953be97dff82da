package handlers

import (
	"encoding/xml"

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

func (h *seo) sitemap(c *fiber.Ctx) error {
	cards, err := h.cards.Published(c.UserContext())
	if err != nil {
		return err
	}
	base := h.cfg.BaseURL.String()
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, card := range cards {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + card.Path(), LastMod: card.UpdatedAt.UTC().Format("2006-01-02")})
	}
	out, err := xml.MarshalIndent(set, "", "  ")
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
