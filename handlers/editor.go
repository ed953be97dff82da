package handlers

import (
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
	"sitecard/services"
	"sitecard/validate"
)

// editor is the card editor. Every action answers with the whole editor: the htmx
// fragment (with the live preview inside) or, for a plain form, a redirect back to it.
type editor struct {
	admin   *admin
	cards   *Cards
	uploads *services.Uploads
}

// failed is the form the server refused, re-shown with its values and messages.
type failed struct {
	key    string
	values map[string]string
	errs   validate.Errors
}

// EditorView is /admin/cards/:id.
type EditorView struct {
	AdminView
	Card       *models.Card
	Preview    *CardView
	PublicURL  string
	Profile    *FormView
	Settings   *FormView
	Photo      *FormView
	Resume     *FormView
	NewSection *FormView
	NewLink    *FormView
	Sections   []SectionView
	Links      []LinkView
}

// SectionView is one section in the editor with its forms.
type SectionView struct {
	*models.Section
	Form    *FormView
	NewItem *FormView
	Items   []ItemView
}

// ItemView is one item in the editor with its form.
type ItemView struct {
	*models.Item
	Form *FormView
}

// LinkView is one link in the editor with its form.
type LinkView struct {
	*models.Link
	Form *FormView
}

func (h *editor) show(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil {
		return fiber.ErrNotFound
	}
	return h.render(c, int64(id), fiber.StatusOK, nil)
}

func (h *editor) render(c *fiber.Ctx, id int64, status int, f *failed) error {
	ctx, a := c.UserContext(), actor(c)
	card, err := h.cards.cards.Editable(ctx, a, id)
	if err != nil {
		return serviceError(err)
	}
	v := &EditorView{AdminView: h.admin.adminView(c, "cards", "admin.edit"), Card: card}
	v.Title = card.NameKo + " · " + v.Title
	v.PublicURL = h.cards.site.cfg.BaseURL.String() + "/c/" + card.Slug
	v.Preview = h.cards.cardView(v.View, services.Visible(card))
	form := func(key string, rules validate.Form, values map[string]string) *FormView {
		if f != nil && f.key == key {
			return newForm(&v.View, key, rules, f.values, f.errs)
		}
		return newForm(&v.View, key, rules, values, nil)
	}
	v.Profile = form("profile", validate.CardProfile(), map[string]string{
		"name_ko": card.NameKo, "name_en": card.NameEn, "job_title": card.JobTitle, "job_title_en": card.JobTitleEn,
		"email": card.Email, "phone": card.Phone, "site": card.Site, "summary": card.Summary,
	})
	v.Settings = form("settings", validate.CardSettings(), map[string]string{"slug": card.Slug, "published": boolOn(card.Published)})
	v.Photo = form("photo", validate.Form{"photo": {}}, nil)
	v.Resume = form("resume", validate.Form{"resume": {}}, nil)
	v.NewSection = form("new-section", validate.Section(), map[string]string{"kind": "projects"})
	v.NewLink = form("new-link", validate.Link(), map[string]string{"kind": "github"})
	for _, s := range card.Sections {
		sid := strconv.FormatInt(s.ID, 10)
		sv := SectionView{Section: s,
			Form:    form("section-"+sid, validate.Section(), map[string]string{"kind": s.Kind, "title": s.Title, "hidden": boolOn(s.Hidden)}),
			NewItem: form("new-item-"+sid, validate.Item(), nil)}
		for _, it := range s.Items {
			vals := map[string]string{"title": it.Title, "subtitle": it.Subtitle, "period": it.Period, "detail": it.Detail, "url": it.URL, "hidden": boolOn(it.Hidden)}
			if it.Percent != nil {
				vals["percent"] = strconv.Itoa(*it.Percent)
			}
			sv.Items = append(sv.Items, ItemView{Item: it, Form: form("item-"+strconv.FormatInt(it.ID, 10), validate.Item(), vals)})
		}
		v.Sections = append(v.Sections, sv)
	}
	for _, l := range card.Links {
		v.Links = append(v.Links, LinkView{Link: l, Form: form("link-"+strconv.FormatInt(l.ID, 10), validate.Link(),
			map[string]string{"kind": l.Kind, "label": l.Label, "url": l.URL, "hidden": boolOn(l.Hidden)})})
	}
	return h.admin.site.render.send(c, status, "admin/editor", v)
}

func boolOn(b bool) string {
	if b {
		return "on"
	}
	return ""
}

// done answers a service call: the refused form again, the fresh editor for htmx, or a
// redirect back to the editor for a plain form.
func (h *editor) done(c *fiber.Ctx, cardID int64, key string, values map[string]string, err error) error {
	var ve *services.ValidationError
	if errors.As(err, &ve) && cardID != 0 {
		return h.render(c, cardID, formStatus(c), &failed{key: key, values: values, errs: ve.Errors})
	}
	if err != nil {
		return serviceError(err)
	}
	if isHTMX(c) {
		return h.render(c, cardID, fiber.StatusOK, nil)
	}
	return c.Redirect("/admin/cards/"+strconv.FormatInt(cardID, 10)+"?saved=1#"+key, fiber.StatusSeeOther)
}

func paramID(c *fiber.Ctx) (int64, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return int64(id), nil
}

func step(c *fiber.Ctx) int {
	if c.FormValue("dir") == "up" {
		return -1
	}
	return 1
}

func itemFields() []string {
	return []string{"title", "subtitle", "period", "detail", "percent", "url", "hidden"}
}
func sectionFields() []string { return []string{"kind", "title", "hidden"} }
func linkFields() []string    { return []string{"kind", "label", "url", "hidden"} }

func (h *editor) cardAction(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ctx, a := c.UserContext(), actor(c)
	switch action := c.Params("action"); action {
	case "preview":
		return h.preview(c, id)
	case "profile":
		values := formValues(c, "name_ko", "name_en", "job_title", "job_title_en", "email", "phone", "site", "summary")
		return h.done(c, id, "profile", values, h.cards.cards.UpdateProfile(ctx, a, id, values))
	case "settings":
		values := formValues(c, "slug", "published")
		return h.done(c, id, "settings", values, h.cards.cards.UpdateSettings(ctx, a, id, values))
	case "primary":
		return h.done(c, id, "settings", nil, h.cards.cards.MakePrimary(ctx, a, id))
	case "delete":
		if err := h.cards.cards.Delete(ctx, a, id); err != nil {
			return serviceError(err)
		}
		return redirect(c, "/admin")
	case "photo", "resume":
		return h.upload(c, id, action)
	case "sections":
		values := formValues(c, sectionFields()...)
		return h.done(c, id, "new-section", values, h.cards.cards.AddSection(ctx, a, id, values))
	case "links":
		values := formValues(c, linkFields()...)
		return h.done(c, id, "new-link", values, h.cards.cards.AddLink(ctx, a, id, values))
	}
	return fiber.ErrNotFound
}

func (h *editor) upload(c *fiber.Ctx, id int64, field string) error {
	// Check ownership before storing anything.
	if _, err := h.cards.cards.Editable(c.UserContext(), actor(c), id); err != nil {
		return serviceError(err)
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
	var name string
	var err error
	if field == "photo" {
		name, err = h.uploads.SavePhoto(data)
	} else {
		name, err = h.uploads.SaveResume(data)
	}
	if err != nil {
		return h.done(c, id, field, nil, err)
	}
	old, err := h.cards.cards.SetFile(c.UserContext(), actor(c), id, field+"_path", name)
	if err != nil {
		h.uploads.Remove(name)
		return serviceError(err)
	}
	h.uploads.Remove(old)
	return h.done(c, id, field, nil, nil)
}

func (h *editor) sectionAction(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ctx, a, key := c.UserContext(), actor(c), "section-"+c.Params("id")
	var cardID int64
	var values map[string]string
	switch c.Params("action") {
	case "":
		values = formValues(c, sectionFields()...)
		cardID, err = h.cards.cards.UpdateSection(ctx, a, id, values)
	case "delete":
		cardID, err = h.cards.cards.DeleteSection(ctx, a, id)
	case "move":
		cardID, err = h.cards.cards.MoveSection(ctx, a, id, step(c))
	case "items":
		values, key = formValues(c, itemFields()...), "new-item-"+c.Params("id")
		cardID, err = h.cards.cards.AddItem(ctx, a, id, values)
	default:
		return fiber.ErrNotFound
	}
	return h.done(c, cardID, key, values, err)
}

// part is what the editor can do to one item or link of a card.
type part struct {
	kind   string // "item" or "link": the form key prefix
	fields []string
	update func(ctx context.Context, a services.Actor, id int64, values map[string]string) (int64, error)
	remove func(ctx context.Context, a services.Actor, id int64) (int64, error)
	move   func(ctx context.Context, a services.Actor, id int64, step int) (int64, error)
}

// partAction saves, deletes or moves an item or a link.
func (h *editor) partAction(p part) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		ctx, a := c.UserContext(), actor(c)
		var cardID int64
		var values map[string]string
		switch c.Params("action") {
		case "":
			values = formValues(c, p.fields...)
			cardID, err = p.update(ctx, a, id, values)
		case "delete":
			cardID, err = p.remove(ctx, a, id)
		case "move":
			cardID, err = p.move(ctx, a, id, step(c))
		default:
			return fiber.ErrNotFound
		}
		return h.done(c, cardID, p.kind+"-"+c.Params("id"), values, err)
	}
}

func (h *editor) itemAction() fiber.Handler {
	cs := h.cards.cards
	return h.partAction(part{kind: "item", fields: itemFields(), update: cs.UpdateItem, remove: cs.DeleteItem, move: cs.MoveItem})
}

func (h *editor) linkAction() fiber.Handler {
	cs := h.cards.cards
	return h.partAction(part{kind: "link", fields: linkFields(), update: cs.UpdateLink, remove: cs.DeleteLink, move: cs.MoveLink})
}

// preview renders the card with the profile form's unsaved values, as the owner types.
// Nothing is stored; fields the rules refuse keep their saved value.
func (h *editor) preview(c *fiber.Ctx, id int64) error {
	card, err := h.cards.cards.Preview(c.UserContext(), actor(c), id)
	if err != nil {
		return serviceError(err)
	}
	values := validate.Trim(formValues(c, "name_ko", "name_en", "job_title", "job_title_en", "email", "phone", "site", "summary"))
	errs := validate.CardProfile().Check(values)
	set := func(field string, dst *string) {
		if _, bad := errs[field]; !bad {
			*dst = values[field]
		}
	}
	set("name_ko", &card.NameKo)
	set("name_en", &card.NameEn)
	set("job_title", &card.JobTitle)
	set("job_title_en", &card.JobTitleEn)
	set("email", &card.Email)
	set("phone", &card.Phone)
	set("site", &card.Site)
	set("summary", &card.Summary)
	v := h.admin.auth.view(c)
	body, err := h.admin.site.render.render("admin/preview", h.cards.cardView(v, card), true)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("html", "utf-8")
	return c.Send(body)
}
