package handlers

import (
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/validate"
	"sitecard/services"
)

// The editor's actions, one handler each; routes.go lists them.

// cardUpdate reads fields and saves them to the card with fn; key names the form.
func (h *editor) cardUpdate(key string, fields []string, fn func(ctx context.Context, a services.Actor, id int64, values map[string]string) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		values := formValues(c, fields...)
		return h.done(c, id, key, values, fn(c.UserContext(), actor(c), id, values))
	}
}

func (h *editor) saveProfile() fiber.Handler {
	return h.cardUpdate("profile", validate.CardProfile().Fields(), h.svc.UpdateProfile)
}

func (h *editor) saveSettings() fiber.Handler {
	return h.cardUpdate("settings", []string{"slug", "published"}, h.svc.UpdateSettings)
}

func (h *editor) saveChat() fiber.Handler {
	return h.cardUpdate("chat", []string{"chat_enabled"}, h.svc.SetChat)
}

func (h *editor) addSection() fiber.Handler {
	return h.cardUpdate("new-section", sectionFields(), h.svc.AddSection)
}

func (h *editor) addLink() fiber.Handler {
	return h.cardUpdate("new-link", linkFields(), h.svc.AddLink)
}

func (h *editor) makePrimary(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	return h.done(c, id, "settings", nil, h.svc.MakePrimary(c.UserContext(), actor(c), id))
}

func (h *editor) deleteCard(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	if err := h.svc.Delete(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return redirect(c, "/admin")
}

// upload stores the posted file of kind and records it on the card.
func (h *editor) upload(field string, kind services.FileKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		// Check ownership before storing anything.
		if _, err := h.svc.Editable(c.UserContext(), actor(c), id); err != nil {
			return err
		}
		var data []byte
		if fh, err := c.FormFile(field); err == nil {
			f, err := fh.Open()
			if err != nil {
				return err
			}
			data, err = io.ReadAll(io.LimitReader(f, services.MaxResumeBytes+1))
			f.Close()
			if err != nil {
				return err
			}
		}
		name, err := h.uploads.Save(c.UserContext(), kind, data)
		if err != nil {
			return h.done(c, id, field, nil, err)
		}
		old, err := h.svc.SetFile(c.UserContext(), actor(c), id, kind, name)
		if err != nil {
			return errors.Join(err, h.uploads.Remove(c.UserContext(), name))
		}
		if err := h.uploads.Remove(c.UserContext(), old); err != nil {
			h.admin.site.log.Warn("remove the replaced upload", "name", old, "err", err)
		}
		return h.done(c, id, field, nil, nil)
	}
}

// partUpdate saves a section, item or link with the posted fields; key prefixes the
// form's name with the part's kind.
func (h *editor) partUpdate(key string, fields []string, fn func(ctx context.Context, a services.Actor, id int64, values map[string]string) (int64, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		values := formValues(c, fields...)
		cardID, err := fn(c.UserContext(), actor(c), id, values)
		return h.done(c, cardID, key+"-"+strconv.FormatInt(id, 10), values, err)
	}
}

// partDelete removes a section, item or link.
func (h *editor) partDelete(key string, fn func(ctx context.Context, a services.Actor, id int64) (int64, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		cardID, err := fn(c.UserContext(), actor(c), id)
		return h.done(c, cardID, key+"-"+strconv.FormatInt(id, 10), nil, err)
	}
}

// partMove moves a section, item or link one step up or down (the form's dir).
func (h *editor) partMove(key string, fn func(ctx context.Context, a services.Actor, id int64, step int) (int64, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		step := 1
		if c.FormValue("dir") == "up" {
			step = -1
		}
		cardID, err := fn(c.UserContext(), actor(c), id, step)
		return h.done(c, cardID, key+"-"+strconv.FormatInt(id, 10), nil, err)
	}
}

// preview renders the card with the profile form's unsaved values, as the owner types.
func (h *editor) preview(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	card, err := h.svc.PreviewProfile(c.UserContext(), actor(c), id, formValues(c, validate.CardProfile().Fields()...))
	if err != nil {
		return err
	}
	return h.admin.site.render.partial(c, fiber.StatusOK, "card-body", h.cards.cardView(h.admin.site.render.view(c), card))
}
