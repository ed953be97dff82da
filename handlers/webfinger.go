package handlers

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
)

// webfinger answers GET /.well-known/webfinger (RFC 7033) for the published cards, so that
// the fediverse can find a card from acct:{slug}@{host} or from the card's own address.
func (h *seo) webfinger(c *fiber.Ctx) error {
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	resource := c.Query("resource")
	slug, here, ok := h.webfingerSlug(resource)
	if !ok {
		return reply(c, fiber.StatusBadRequest, "resource must be acct:{card}@"+h.cfg.BaseURL.Host+" or a card's address", nil)
	}
	var card *models.Card
	err := models.ErrNotFound
	switch {
	case !here: // another site's name, or a page of this one that is no card
	case slug == "":
		card, err = h.cards.Primary(c.UserContext())
	default:
		card, err = h.cards.BySlug(c.UserContext(), slug)
	}
	if errors.Is(err, models.ErrNotFound) {
		return reply(c, fiber.StatusNotFound, "no published card has this address", nil)
	}
	if err != nil {
		return err
	}
	base := h.cfg.BaseURL.String()
	page := base + card.Path()
	links := []fiber.Map{{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": page}}
	if card.PhotoPath != "" {
		links = append(links, fiber.Map{"rel": "http://webfinger.net/rel/avatar", "href": base + "/media/" + card.PhotoPath})
	}
	c.Set(fiber.HeaderContentType, "application/jrd+json")
	return c.JSON(fiber.Map{"subject": resource, "aliases": []string{page, base + "/c/" + card.Slug}, "links": links}, "application/jrd+json")
}

// webfingerSlug reads the card a resource names: "acct:{slug}@{host}" with this site's
// host, or the address of a card on this site ("" for the primary card at /). ok is false
// for a resource of neither form; here is false for a well-formed name of something that
// is not a card of this site.
func (h *seo) webfingerSlug(resource string) (slug string, here, ok bool) {
	host := h.cfg.BaseURL.Host
	if acct, found := strings.CutPrefix(resource, "acct:"); found {
		user, at, found := strings.Cut(acct, "@")
		if !found || user == "" || at == "" {
			return "", false, false
		}
		return user, strings.EqualFold(at, host), true
	}
	u, err := url.Parse(resource)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false, false
	}
	path := strings.TrimPrefix(u.Path, h.cfg.BaseURL.Path)
	switch {
	case !strings.EqualFold(u.Host, host):
		return "", false, true
	case path == "" || path == "/":
		return "", true, true
	case strings.HasPrefix(path, "/c/") && path != "/c/" && !strings.Contains(path[3:], "/"):
		return path[3:], true, true
	}
	return "", false, true
}
