package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/jsonresume"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// editor is the card editor. Every action answers with the editor again: for htmx the
// editor partial (live preview inside) swapped in place at the editor's own address, or
// for a plain form a redirect back to the editor.
type editor struct {
	*site
	cards   Cards
	indexer ChatIndex
	uploads Uploads
	resumes *jsonresume.Reader
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
	Card      *models.Card
	Preview   *CardView
	PublicURL string
	// Signature is the sharing panel's email signature.
	Signature   *SignatureView
	SavedNotice string
	Profile     *FormView
	Settings    *FormView
	Chat        *FormView
	ChatIndex   *models.ChatIndex
	Photo       *FormView
	Resume      *FormView
	NewSection  *FormView
	NewLink     *FormView
	Sections    []SectionView
	Links       []LinkView
	// Import is a JSON Resume file read and not yet applied: what it would add or
	// replace, or why it was refused.
	Import *ImportView
	// ResumeNote says, at the résumé's upload, why the chatbot cannot read the file the
	// card has (a scan): the translation key, or "".
	ResumeNote string
}

// ImportView is the editor's import, shown before anything is saved.
type ImportView struct {
	Replace                bool
	Sections, Items, Links int
	Replacing              int // the card's sections that would go
	JSON                   string
	Problems               []string
	// Steps says where each of the file's sections goes, Notes what was read otherwise
	// than written (a dotted date), both in the page's language.
	Steps, Notes []string
	// Dropped lists the parts of the file the card has no place for (volunteer,
	// basics: location), said before the owner confirms.
	Dropped []string
}

const localsImport = "editor.import"

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

// The fields each editor form posts: its rules plus the "hidden" box.
func sectionFields() []string { return append(validate.Section().Fields(), "hidden") }
func itemFields() []string    { return append(validate.Item().Fields(), "hidden") }
func linkFields() []string    { return append(validate.Link().Fields(), "hidden") }

func (h *editor) show(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	return h.renderEditor(c, id, fiber.StatusOK, nil, "")
}

func editorURL(id int64) string { return "/admin/cards/" + strconv.FormatInt(id, 10) }

func (h *editor) renderEditor(c *fiber.Ctx, id int64, status int, f *failed, notice string) error {
	card, err := h.cards.Editable(c.UserContext(), actor(c), id)
	if err != nil {
		return err
	}
	v := &EditorView{AdminView: h.adminView(c, "cards", "admin.edit"), Card: card, SavedNotice: notice}
	v.Import, _ = c.Locals(localsImport).(*ImportView)
	v.Title = card.NameKo + " · " + v.Title
	v.PublicURL = h.cfg.BaseURL.String() + "/c/" + card.Slug
	v.Preview = h.cardView(v.View, services.Visible(card))
	if v.Signature, err = h.signatureOf(v.View, card); err != nil {
		return err
	}
	form := func(key string, rules validate.Form, values map[string]string) *FormView {
		if f != nil && f.key == key {
			return newForm(&v.View, key, rules, f.values, f.errs)
		}
		return newForm(&v.View, key, rules, values, nil)
	}
	profile := map[string]string{}
	for name, p := range card.ProfileFields() {
		profile[name] = *p
	}
	v.Profile = form("profile", validate.CardProfile(), profile)
	v.Settings = form("settings", validate.CardSettings(), map[string]string{"slug": card.Slug, "published": boolOn(card.Published), "resume_links": card.ResumeLinks})
	v.Chat = form("chat", validate.Form{}, map[string]string{"chat_enabled": boolOn(card.ChatEnabled)})
	if v.ChatIndex, err = h.indexer.Status(c.UserContext(), id); err != nil {
		return err
	}
	if card.ResumePath != "" {
		status, err := h.uploads.TextStatus(c.UserContext(), card.ResumePath)
		if err != nil {
			return err
		}
		if status == services.TextNone {
			v.ResumeNote = "admin.chat_reason.resume_no_text"
		}
	}
	v.Photo = form("photo", validate.Form{"photo": {}}, nil)
	v.Resume = form("resume", validate.Form{"resume": {}}, nil)
	v.NewSection = form("new-section", validate.NewSection(), nil)
	v.NewLink = form("new-link", validate.Link(), map[string]string{"kind": "github"})
	for _, s := range card.Sections {
		sid := strconv.FormatInt(s.ID, 10)
		sv := SectionView{Section: s,
			Form:    form("section-"+sid, validate.Section(), map[string]string{"kind": s.Kind, "title": s.Title, "title_en": s.TitleEn, "hidden": boolOn(s.Hidden)}),
			NewItem: form("new-item-"+sid, validate.Item(), nil)}
		for _, it := range s.Items {
			vals := map[string]string{"title": it.Title, "title_en": it.TitleEn, "subtitle": it.Subtitle, "subtitle_en": it.SubtitleEn,
				"period": it.Period, "detail": it.Detail, "detail_en": it.DetailEn, "url": it.URL, "hidden": boolOn(it.Hidden),
				"degree": it.Degree, "degree_en": it.DegreeEn, "score": it.Score}
			if it.Percent != nil {
				vals["percent"] = strconv.Itoa(*it.Percent)
			}
			sv.Items = append(sv.Items, ItemView{Item: it, Form: form("item-"+strconv.FormatInt(it.ID, 10), validate.Item(), vals)})
		}
		v.Sections = append(v.Sections, sv)
	}
	for _, l := range card.Links {
		v.Links = append(v.Links, LinkView{Link: l, Form: form("link-"+strconv.FormatInt(l.ID, 10), validate.Link(),
			map[string]string{"kind": l.Kind, "label": l.Label, "label_en": l.LabelEn, "url": l.URL, "hidden": boolOn(l.Hidden)})})
	}
	if isHTMX(c) && c.Method() == fiber.MethodPost {
		// The editor stays at its own address, whatever form was posted.
		c.Set("HX-Replace-Url", editorURL(id))
		return h.render.partial(c, status, "editor", v)
	}
	return h.render.send(c, status, "admin/editor", v)
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
		return h.renderEditor(c, cardID, formStatus(c), &failed{key: key, values: values, errs: ve.Errors}, "")
	}
	if err != nil {
		return err
	}
	if isHTMX(c) {
		return h.renderEditor(c, cardID, fiber.StatusOK, nil, h.t(c, "admin.saved"))
	}
	return c.Redirect(editorURL(cardID)+"?saved=1#"+key, fiber.StatusSeeOther)
}
