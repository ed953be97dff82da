package handlers

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/jsonresume"
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
	return h.cardUpdate("profile", validate.CardProfile().Fields(), h.cards.UpdateProfile)
}

func (h *editor) saveSettings() fiber.Handler {
	return h.cardUpdate("settings", []string{"slug", "published", "resume_links"}, h.cards.UpdateSettings)
}

func (h *editor) saveChat() fiber.Handler {
	return h.cardUpdate("chat", []string{"chat_enabled"}, h.cards.SetChat)
}

func (h *editor) addSection() fiber.Handler {
	return h.cardUpdate("new-section", sectionFields(), h.cards.AddSection)
}

func (h *editor) addLink() fiber.Handler {
	return h.cardUpdate("new-link", linkFields(), h.cards.AddLink)
}

func (h *editor) makePrimary(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	return h.done(c, id, "settings", nil, h.cards.MakePrimary(c.UserContext(), actor(c), id))
}

func (h *editor) deleteCard(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	if err := h.cards.Delete(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	return redirect(c, "/admin")
}

// upload attaches the posted file to the card as its photo or résumé.
func (h *editor) upload(field string, kind services.FileKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		var data []byte
		if fh, err := c.FormFile(field); err == nil {
			// One byte past the limit is enough for the service to say "too big".
			if data, err = readUpload(fh, services.MaxResumeBytes); err != nil && !errors.Is(err, errTooBig) {
				return err
			}
		}
		return h.done(c, id, field, nil, h.cards.AttachFile(c.UserContext(), actor(c), id, kind, data))
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
	card, err := h.cards.PreviewProfile(c.UserContext(), actor(c), id, formValues(c, validate.CardProfile().Fields()...))
	if err != nil {
		return err
	}
	return h.render.partial(c, fiber.StatusOK, "card-body", h.cardView(h.render.view(c), card))
}

// errTooBig is an uploaded file past its limit; readUpload returns the limit and one byte.
var errTooBig = errors.New("handlers: file too big")

// readUpload reads an uploaded file up to limit bytes, and one more to tell a file past it.
func readUpload(fh *multipart.FileHeader, limit int64) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = errTooBig
	}
	return data, err
}

// importPreview reads a JSON Resume file and shows, in the editor, what importing it
// would add or replace; nothing is saved until the owner confirms (importApply).
func (h *editor) importPreview(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	iv := &ImportView{Replace: c.FormValue("mode") == "replace"}
	t := func(key string) string { return h.t(c, key) }
	var data []byte
	if fh, ferr := c.FormFile("resume_json"); ferr == nil {
		if data, err = readUpload(fh, services.MaxResumeJSONBytes); errors.Is(err, errTooBig) {
			iv.Problems = []string{h.t(c, "import.too_big")}
		} else if err != nil {
			return err
		}
	} else {
		iv.Problems = []string{h.t(c, "v.file_required")}
	}
	status := fiber.StatusOK
	if len(iv.Problems) == 0 {
		content, notes, rerr := h.resumes.ReadNotes(data)
		var inv *jsonresume.Invalid
		switch {
		case errors.As(rerr, &inv):
			iv.Problems = importWords(t, inv.Problems)
		case rerr != nil:
			return rerr
		default:
			card, err := h.cards.Editable(c.UserContext(), actor(c), id)
			if err != nil {
				return err
			}
			// What would pass a bound is said now, before the owner confirms.
			iv.Problems = limitProblems(func(k string) string { return h.t(c, k) }, services.ImportLimits(content, card, iv.Replace))
			iv.Sections, iv.Links, iv.JSON = len(content.Sections), len(content.Links), string(data)
			for _, s := range content.Sections {
				iv.Items += len(s.Items)
			}
			if iv.Replace {
				iv.Replacing = len(card.Sections)
			}
			iv.Steps = importSteps(t, services.PlanImport(card, content, iv.Replace))
			for _, n := range notes {
				if n.Code == jsonresume.NoteDropped {
					iv.Dropped = append(iv.Dropped, importWord(t, n))
				} else {
					iv.Notes = append(iv.Notes, importWord(t, n))
				}
			}
		}
	}
	if len(iv.Problems) > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	c.Locals(localsImport, iv)
	return h.renderEditor(c, id, status, nil, "")
}

// importApply imports the file the preview showed, as the owner chose: after the card's
// sections, or instead of them.
func (h *editor) importApply(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	// The file comes back from the preview's form, which anyone may post: the preview's
	// cap holds here too.
	file := c.FormValue("resume")
	if len(file) > services.MaxResumeJSONBytes {
		c.Locals(localsImport, &ImportView{Problems: []string{h.t(c, "import.too_big")}})
		return h.renderEditor(c, id, fiber.StatusUnprocessableEntity, nil, "")
	}
	content, err := h.resumes.Read([]byte(file))
	var inv *jsonresume.Invalid
	if errors.As(err, &inv) {
		c.Locals(localsImport, &ImportView{Problems: importWords(func(key string) string { return h.t(c, key) }, inv.Problems)})
		return h.renderEditor(c, id, fiber.StatusUnprocessableEntity, nil, "")
	}
	if err != nil {
		return err
	}
	err = h.cards.ImportInto(c.UserContext(), actor(c), id, content, c.FormValue("mode") == "replace")
	var le *services.LimitError
	if errors.As(err, &le) {
		c.Locals(localsImport, &ImportView{Problems: limitProblems(func(k string) string { return h.t(c, k) }, le.Problems)})
		return h.renderEditor(c, id, fiber.StatusUnprocessableEntity, nil, "")
	}
	return h.done(c, id, "import", nil, err)
}
