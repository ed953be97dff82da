package handlers

import (
	"github.com/gofiber/fiber/v2"

	"sitecard/internal/cardsheet"
	"sitecard/internal/ogimage"
	"sitecard/internal/qrcode"
	"sitecard/models"
	"sitecard/services"
)

// cardsPDF serves GET /c/{slug}/cards.pdf: the card as ten printable business cards on an
// A4 sheet, the backs' QR code opening the card as ?src=print; set once per card version
// and language and kept, like cv.pdf.
func (h *cardPage) cardsPDF(c *fiber.Ctx) error {
	body, card, err := h.drawnFor(c, services.DrawnCardSheet, func(v View, card *models.Card) ([]byte, error) {
		cv := h.cardView(v, card)
		local := cv.Card
		address := cv.CardURL + "?src=" + services.SourcePrint
		qr, err := qrcode.Bitmap(address)
		if err != nil {
			return nil, err
		}
		sheet := cardsheet.Card{Lang: v.Lang, Title: cv.Title, Author: cv.Name, Name: cv.Name, AltName: cv.AltName,
			JobTitle: cv.JobTitle, Org: cv.Org, QR: qr, URL: cv.CardURL}
		for _, s := range []string{local.Email, local.Phone, local.Site, cv.CardURL} {
			if s != "" {
				sheet.Contacts = append(sheet.Contacts, s)
			}
		}
		if f, err := h.uploads.Open(c.UserContext(), card.PhotoPath); err == nil {
			sheet.Photo, sheet.PhotoType = f.Body, map[string]string{"JPEG": "JPG", "PNG": "PNG"}[f.VCardType]
		}
		return cardsheet.PDF(sheet)
	})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+card.Slug+`-cards.pdf"`)
	return sendTagged(c, body, "application/pdf", "no-cache")
}

// background serves GET /c/{slug}/background.png: a 1920×1080 video-call background with
// the name, the job title and a QR code opening the card as ?src=background, drawn once
// per card version and language and kept, like og.png.
func (h *cardPage) background(c *fiber.Ctx) error {
	body, _, err := h.drawnFor(c, services.DrawnBackground, func(v View, card *models.Card) ([]byte, error) {
		cv := h.cardView(v, card)
		qr, err := qrcode.Bitmap(cv.CardURL + "?src=" + services.SourceBackground)
		if err != nil {
			return nil, err
		}
		return h.og.BackgroundPNG(ogimage.Background{Name: cv.Name, JobTitle: cv.JobTitle, QR: qr})
	})
	if err != nil {
		return err
	}
	return sendTagged(c, body, "image/png", "public, max-age=300")
}
