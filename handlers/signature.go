package handlers

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/i18n"
	"sitecard/internal/signature"
	"sitecard/models"
	"sitecard/services"
)

// SignatureView is the editor's signature panel: the HTML to paste into a mail program,
// the plain text, and the preview's address.
type SignatureView struct {
	HTML, Text, PreviewURL string
}

// signatureOf builds a card's email signature in the view's language: every address is
// absolute to BASE_URL, the card's carries ?src=sig, and the links' icons are the site's
// own PNGs (mail programs show no SVG).
func (s *site) signatureOf(v View, card *models.Card) (*SignatureView, error) {
	cv := s.cardView(v, services.Visible(card))
	base := s.cfg.BaseURL.String()
	local := cv.Card
	sig := signature.Signature{Name: cv.Name, JobTitle: cv.JobTitle, Org: cv.Org, Phone: local.Phone, Email: local.Email,
		CardURL: cv.CardURL + "?src=" + services.SourceSignature, CardLabel: s.cfg.BaseURL.Host + "/c/" + card.Slug}
	if cv.PhotoURL != "" {
		sig.PhotoURL = base + cv.PhotoURL
	}
	for _, l := range local.Links {
		so := cv.Social(l)
		sig.Links = append(sig.Links, signature.Link{Name: so.Name, URL: l.URL, IconURL: base + "/icons/" + so.Icon + ".png"})
	}
	html, err := signature.HTML(sig)
	if err != nil {
		return nil, err
	}
	return &SignatureView{HTML: html, Text: signature.Text(sig), PreviewURL: editorURL(card.ID) + "/signature"}, nil
}

// signaturePreview serves GET /admin/cards/{id}/signature: the signature alone, as a mail
// program shows it, to look at or to select and copy. Its policy lets the signature's
// inline styles and the site's images in, and nothing else: no script at all.
func (h *editor) signaturePreview(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return fiber.ErrNotFound
	}
	card, err := h.cards.Editable(c.UserContext(), actor(c), id)
	if err != nil {
		return err
	}
	v := h.render.view(c)
	sig, err := h.signatureOf(v, card)
	if err != nil {
		return err
	}
	c.Set("Content-Security-Policy", "default-src 'none'; img-src "+h.cfg.BaseURL.Scheme+"://"+h.cfg.BaseURL.Host+"; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
	return c.SendString(`<!doctype html><html lang="` + v.Lang + `"><meta charset="utf-8"><title>` +
		htmlEscaper.Replace(v.T("sig.title")) + `</title><body>` + sig.HTML + `</body></html>`)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// icon serves GET /icons/{service}.png: a link's icon for email signatures, for the
// services the site names; drawn once and kept.
func (h *cardPage) icon(c *fiber.Ctx) error {
	id := c.Params("service")
	if !h.render.catalog.Has("service." + id) {
		return fiber.ErrNotFound
	}
	key := services.DrawnKey{Kind: services.DrawnIcon, Variant: id}
	body, err := h.drawn.Get(key, func() ([]byte, error) {
		letter, _ := utf8.DecodeRuneInString(h.render.catalog.T(i18n.English, "service."+id))
		return h.og.IconPNG(strings.ToUpper(string(letter)))
	})
	if err != nil {
		return err
	}
	return sendTagged(c, body, "image/png", "public, max-age=86400")
}
