package handlers

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// sharedFields reads the message window's "share my contact" fields and checks them.
// The consent text stored is the sentence the visitor ticked, with the owner's name.
func (h *contact) sharedFields(c *fiber.Ctx, values map[string]string) (services.SharedFields, error) {
	f := services.SharedFields{Phone: values["share_phone"], Org: values["share_org"], Title: values["share_title"],
		Consent: values["share_consent"] == "on"}
	if !f.Consent {
		return f, nil
	}
	if err := services.CheckShared(f); err != nil {
		return f, err
	}
	card, err := h.cards.BySlug(c.UserContext(), values["card"])
	if err != nil {
		return f, err
	}
	// The words the form showed (contact-share in sharing.html), as the visitor read them.
	v := h.render.view(c)
	f.ConsentText = fmt.Sprintf(v.T("share_contact.summary"), card.NameKo) + " — " + v.T("field.share_consent")
	return f, nil
}

// addressBookPages are the member's app passwords and the inbox's "save contact".
type addressBookPages struct {
	*site
	book AddressBook
}

// AppPasswordsView is /admin/account/app-passwords.
type AppPasswordsView struct {
	AdminView
	Passwords []models.AppPassword
	// Created is the password just made, shown this once.
	Created, DAVURL string
	New             *FormView
}

func (h *addressBookPages) appPasswords(c *fiber.Ctx) error {
	return h.renderAppPasswords(c, fiber.StatusOK, "", nil)
}

func (h *addressBookPages) renderAppPasswords(c *fiber.Ctx, status int, created string, errs validate.Errors) error {
	list, err := h.book.AppPasswords(c.UserContext(), actor(c))
	if err != nil {
		return err
	}
	v := &AppPasswordsView{AdminView: h.adminView(c, "account", "apppw.title"), Passwords: list, Created: created,
		DAVURL: h.cfg.BaseURL.String() + davPrefix}
	v.New = newForm(&v.View, "app-password", validate.Form{"name": {Required: true, MaxLen: 60}}, nil, errs)
	return h.render.send(c, status, "admin/app_passwords", v)
}

// createAppPassword makes an app password and shows it once, on the page the POST
// answers (never in an address, which browsers keep in their history).
func (h *addressBookPages) createAppPassword(c *fiber.Ctx) error {
	plain, err := h.book.CreateAppPassword(c.UserContext(), actor(c), c.FormValue("name"))
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderAppPasswords(c, formStatus(c), "", ve.Errors)
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.renderAppPasswords(c, fiber.StatusOK, plain, nil)
}

func (h *addressBookPages) revokeAppPassword(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	if err := h.book.RevokeAppPassword(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return redirect(c, "/admin/account/app-passwords")
}

// contactVCard serves GET /admin/messages/{id}/contact.vcf: the contact the visitor
// shared with the message, vCard 3.0 or with ?v=4 4.0.
func (h *addressBookPages) contactVCard(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	sc, err := h.book.OfMessage(c.UserContext(), actor(c), id)
	if err != nil {
		return err
	}
	version := "3.0"
	if c.Query("v") == "4" {
		version = "4.0"
	}
	body, err := services.ContactVCard(sc, version)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="contact-`+strconv.FormatInt(sc.ID, 10)+`.vcf"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "text/vcard; charset=utf-8")
	return c.SendString(body)
}

// deleteContact serves POST /admin/messages/{id}/contact/delete: the shared contact
// goes, the message stays, and the owner is back on the message.
func (h *addressBookPages) deleteContact(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	if err := h.book.DeleteOfMessage(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return redirect(c, "/admin/messages/"+strconv.FormatInt(id, 10))
}
