package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"image"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/cvpdf"
	"sitecard/internal/i18n"
	"sitecard/internal/jsonresume"
	"sitecard/internal/ogimage"
	"sitecard/models"
	"sitecard/services"
)

// resumeJSON serves GET /c/{slug}/resume.json: the card as a JSON Resume, in Korean or,
// with ?lang=en, in English wherever the card has it; built once per card version and
// language and kept, as og.png is, so that no visitor makes the site build it again.
func (h *cardPage) resumeJSON(c *fiber.Ctx) error {
	card, err := h.publishedCard(c)
	if err != nil {
		return err
	}
	lang := i18n.Canonical(c.Query("lang"))
	if lang == "" {
		lang = i18n.Korean
	}
	key := services.DrawnKey{Kind: services.DrawnResumeJSON, CardID: card.ID, Version: models.CardVersion(card.UpdatedAt), Lang: lang}
	v := h.render.view(c)
	v.Lang = lang
	body, err := h.drawn.Get(key, func() ([]byte, error) { return h.buildResumeJSON(v, card) })
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
	return sendTagged(c, body, fiber.MIMEApplicationJSONCharsetUTF8, "no-cache")
}

// buildResumeJSON writes card as a JSON Resume in v's language.
func (h *cardPage) buildResumeJSON(v View, card *models.Card) ([]byte, error) {
	base := h.cfg.BaseURL.String()
	cv := h.cardView(v, card)
	// The card view has localized the card already; the résumé takes its names as the page
	// shows them, on a copy.
	local := *cv.Card
	local.NameKo, local.JobTitle = cv.Name, cv.JobTitle
	photo := ""
	if cv.PhotoURL != "" {
		photo = base + cv.PhotoURL
	}
	doc := jsonresume.Build(&local, jsonresume.Options{
		Canonical: base + "/c/" + card.Slug + "/resume.json?lang=" + v.Lang, CardURL: base + card.Path(), PhotoURL: photo,
		Network: func(l *models.Link) string { return cv.Social(l).Name },
	})
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return body.Bytes(), nil
}

// sendTagged sends body with an ETag of its bytes, or 304 to a client that has them.
func sendTagged(c *fiber.Ctx, body []byte, contentType, cacheControl string) error {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	c.Set(fiber.HeaderETag, etag)
	c.Set(fiber.HeaderCacheControl, cacheControl)
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, contentType)
	return c.Send(body)
}

// drawnFor is a card's drawn file (og.png or cv.pdf) in the view's language (?lang=
// first): kept per card version and language, and drawn by draw once, however many
// visitors ask for it at the same time.
func (h *cardPage) drawnFor(c *fiber.Ctx, kind services.DrawnKind, draw func(v View, card *models.Card) ([]byte, error)) ([]byte, *models.Card, error) {
	card, err := h.publishedCard(c)
	if err != nil {
		return nil, nil, err
	}
	v := h.render.view(c)
	if lang := i18n.Canonical(c.Query("lang")); lang != "" {
		v.Lang = lang
	}
	key := services.DrawnKey{Kind: kind, CardID: card.ID, Version: models.CardVersion(card.UpdatedAt), Lang: v.Lang}
	body, err := h.drawn.Get(key, func() ([]byte, error) { return draw(v, card) })
	if err != nil {
		return nil, nil, err
	}
	return body, card, nil
}

// shareImage serves GET /c/{slug}/og.png: the card's share image, drawn once per card
// version and language and kept.
func (h *cardPage) shareImage(c *fiber.Ctx) error {
	body, _, err := h.drawnFor(c, services.DrawnShareImage, func(v View, card *models.Card) ([]byte, error) {
		cv := h.cardView(v, card)
		oc := ogimage.Card{Name: cv.Name, AltName: cv.AltName, JobTitle: cv.JobTitle, Initials: cv.Initials}
		if f, err := h.uploads.Open(c.UserContext(), card.PhotoPath); err == nil {
			if img, _, err := image.Decode(bytes.NewReader(f.Body)); err == nil {
				oc.Photo = img
			}
		}
		return h.og.PNG(oc)
	})
	if err != nil {
		return err
	}
	return sendTagged(c, body, "image/png", "public, max-age=300")
}

// cvPDF serves GET /c/{slug}/cv.pdf: the card set as an A4 résumé, in Korean or, with
// ?lang=en, in English; set once per card version and language and kept.
func (h *cardPage) cvPDF(c *fiber.Ctx) error {
	body, card, err := h.drawnFor(c, services.DrawnCV, func(v View, card *models.Card) ([]byte, error) {
		cv := h.cardView(v, card)
		local := cv.Card
		doc := cvpdf.CV{Lang: v.Lang, Name: cv.Name, AltName: cv.AltName, JobTitle: cv.JobTitle, Summary: local.Summary,
			ProfilesTitle: v.T("admin.links"), Title: cv.Title, Author: cv.Name, Creator: "sitecard",
			Note: cv.CardURL}
		for _, s := range []string{local.Email, local.Phone, local.Site, cv.CardURL} {
			if s != "" {
				doc.Contacts = append(doc.Contacts, s)
			}
		}
		if f, err := h.uploads.Open(c.UserContext(), card.PhotoPath); err == nil {
			doc.Photo, doc.PhotoType = f.Body, map[string]string{"JPEG": "JPG", "PNG": "PNG"}[f.VCardType]
		}
		for _, s := range local.Sections {
			sec := cvpdf.Section{Title: cv.SectionTitle(s)}
			for _, it := range s.Items {
				e := cvpdf.Entry{Title: it.Title, Period: it.Period, Subtitle: it.Subtitle, Detail: it.Detail, URL: it.URL}
				switch {
				case s.Kind == models.SectionSkills && it.Percent != nil:
					e.Period = strconv.Itoa(cv.Percent(it)) + "%"
				case s.Kind == models.SectionSkills:
					e.Period, e.Subtitle = it.Subtitle, "" // a level in words
				}
				if it.Degree != "" {
					e.Subtitle = strings.TrimSuffix(it.Degree+" · "+it.Subtitle, " · ")
				}
				if it.Score != "" {
					e.Subtitle = strings.TrimPrefix(e.Subtitle+" · "+v.T("item.score")+" "+it.Score, " · ")
				}
				sec.Entries = append(sec.Entries, e)
			}
			doc.Sections = append(doc.Sections, sec)
		}
		for _, l := range local.Links {
			doc.Profiles = append(doc.Profiles, cvpdf.Profile{Name: cv.Social(l).Name, URL: l.URL})
		}
		return cvpdf.PDF(doc)
	})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+card.Slug+`-cv.pdf"`)
	return sendTagged(c, body, "application/pdf", "no-cache")
}
