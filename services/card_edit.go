package services

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/uptrace/bun"

	"sitecard/internal/validate"
	"sitecard/models"
)

// The card editor: every change checks that the actor owns the card, runs in a
// transaction, stamps the card's updated_at (which other instances watch) and drops the
// cached pages.

// CardPage is one page of the cards an actor may edit.
type CardPage struct {
	Paging
	Cards []models.Card
}

// Find lists the cards an actor may edit (their own, or every card for an admin) whose
// address or name contains q, a page at a time.
func (s *Cards) Find(ctx context.Context, actor Actor, q string, page, perPage int) (*CardPage, error) {
	q = searchText(q)
	total, err := models.CountCardsMatching(ctx, s.db, actor.scope(), q)
	if err != nil {
		return nil, err
	}
	p := newPaging(total, page, perPage, q)
	cards, err := models.SearchCards(ctx, s.db, actor.scope(), q, p.Offset(), perPage)
	if err != nil {
		return nil, err
	}
	return &CardPage{Paging: p, Cards: cards}, nil
}

// Editable returns a card with all its content, hidden parts included, if actor owns it.
func (s *Cards) Editable(ctx context.Context, actor Actor, id int64) (*models.Card, error) {
	c, err := models.CardWithContent(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !actor.owns(c.MemberID) {
		return nil, ErrForbidden
	}
	return c, nil
}

// Create makes a new, unpublished card for the actor.
func (s *Cards) Create(ctx context.Context, actor Actor, values map[string]string) (*models.Card, error) {
	values = validate.Trim(values)
	if err := invalid(validate.NewCard().Check(values)); err != nil {
		return nil, err
	}
	return s.insertNew(ctx, actor, values, &models.Card{ChatEnabled: true})
}

// insertNew stores c, a new card of the actor's at values' slug and name, with what
// content it carries, if the slug is free.
func (s *Cards) insertNew(ctx context.Context, actor Actor, values map[string]string, c *models.Card) (*models.Card, error) {
	now := s.now().UTC()
	owner := actor.ID
	c.ID, c.Slug, c.NameKo, c.MemberID, c.Published, c.IsPrimary, c.IsDemo = 0, values["slug"], values["name_ko"], &owner, false, false, false
	c.CreatedAt, c.UpdatedAt = now, now
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := slugFree(ctx, tx, c.Slug, 0); err != nil {
			return err
		}
		return models.InsertCard(ctx, tx, c)
	})
	if models.IsDuplicateKey(err) {
		// Another request took the slug between the check and the insert.
		return nil, fieldError("slug", "taken")
	}
	if err != nil {
		return nil, err
	}
	s.changed(c.ID)
	return c, nil
}

// Import creates a card at slug from content read from a file (a JSON Resume): its
// profile, sections, items and links, in one transaction. values["name_ko"], when given,
// names the card instead of the file.
func (s *Cards) Import(ctx context.Context, actor Actor, values map[string]string, content *models.Card) (*models.Card, error) {
	values = validate.Trim(values)
	fitImport(content)
	if values["name_ko"] == "" {
		values["name_ko"] = strings.TrimSpace(content.NameKo)
	}
	if values["name_ko"] == "" {
		// A file with only a name in Latin letters names the card with it too.
		values["name_ko"] = strings.TrimSpace(content.NameEn)
	}
	if err := invalid(validate.NewCard().Check(values)); err != nil {
		return nil, err
	}
	if problems := ImportLimits(content, nil, false); len(problems) > 0 {
		return nil, &LimitError{Problems: problems}
	}
	return s.insertNew(ctx, actor, values, content)
}

// ImportInto adds a file's sections and links (a JSON Resume, read) to card id, each
// section's items into the card's section of its kind (PlanImport), or, with replace,
// instead of the card's sections and links. The profile is left as it is.
func (s *Cards) ImportInto(ctx context.Context, actor Actor, id int64, content *models.Card, replace bool) error {
	fitImport(content)
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		// Checked in the transaction, against the card as it is now.
		card, err := models.CardWithContent(ctx, tx, id)
		if err != nil {
			return err
		}
		if problems := ImportLimits(content, card, replace); len(problems) > 0 {
			return &LimitError{Problems: problems}
		}
		if replace {
			if err := models.DeleteContent(ctx, tx, id); err != nil {
				return err
			}
		}
		return importPlanned(ctx, tx, id, content, replace)
	})
}

// fitImport makes a file's content fit the card's rules where a file may differ from the
// editor without harm: control characters are dropped, and an address that is not http(s)
// (or an email that is not one) is left out. Lengths are not cut: a file past the editor's
// limits is refused (ImportLimits), so that an import sets nothing the editor would not.
func fitImport(c *models.Card) {
	for _, f := range c.ProfileFields() {
		*f = text(*f)
	}
	if !validate.Email(c.Email) {
		c.Email = ""
	}
	if !validate.HTTPURL(c.Site) {
		c.Site = ""
	}
	links := c.Links[:0]
	for _, l := range c.Links {
		if validate.HTTPURL(l.URL) {
			l.Label, l.LabelEn = text(l.Label), text(l.LabelEn)
			links = append(links, l)
		}
	}
	c.Links = links
	for _, sec := range c.Sections {
		sec.Title, sec.TitleEn = text(sec.Title), text(sec.TitleEn)
		for _, it := range sec.Items {
			for _, f := range []*string{&it.Title, &it.TitleEn, &it.Subtitle, &it.SubtitleEn, &it.Period, &it.Detail, &it.DetailEn, &it.Degree, &it.DegreeEn, &it.Score} {
				*f = text(*f)
			}
			if !validate.HTTPURL(it.URL) {
				it.URL = ""
			}
		}
	}
}

// text is s without control characters but tab and line breaks (SQLite refuses NUL).
func text(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

func slugFree(ctx context.Context, db bun.IDB, slug string, cardID int64) error {
	taken, err := models.SlugTaken(ctx, db, slug, cardID)
	if err == nil && taken {
		err = fieldError("slug", "taken")
	}
	return err
}

// edit runs fn on card id inside a transaction after the ownership check.
func (s *Cards) edit(ctx context.Context, actor Actor, id int64, fn func(ctx context.Context, tx bun.Tx, c *models.Card) error) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c, err := models.CardRef(ctx, tx, id)
		if err != nil {
			return err
		}
		if !actor.owns(c.MemberID) {
			return ErrForbidden
		}
		if err := fn(ctx, tx, c); err != nil {
			return err
		}
		return models.TouchCard(ctx, tx, id, s.now().UTC())
	})
	if err == nil {
		s.changed(id)
	}
	return err
}

// UpdateProfile saves the card's identity and contact lines.
func (s *Cards) UpdateProfile(ctx context.Context, actor Actor, id int64, values map[string]string) error {
	values = validate.Trim(values)
	if err := invalid(validate.CardProfile().Check(values)); err != nil {
		return err
	}
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		fields := c.ProfileFields()
		for name, dst := range fields {
			*dst = values[name]
		}
		if err := fits(ctx, tx, id, "summary", pick(values, validate.CardProfile().Fields()...), func(full *models.Card) {
			for name, dst := range full.ProfileFields() {
				*dst = values[name]
			}
		}); err != nil {
			return err
		}
		c.IsDemo = false // an owner's own words are no longer the demo
		return models.UpdateColumns(ctx, tx, c, append(slices.Sorted(maps.Keys(fields)), "is_demo")...)
	})
}

// PreviewProfile returns the card as visitors would see it with the profile form's
// unsaved values. Nothing is stored; fields the rules refuse keep their saved value.
func (s *Cards) PreviewProfile(ctx context.Context, actor Actor, id int64, values map[string]string) (*models.Card, error) {
	card, err := s.Preview(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	values = validate.Trim(values)
	errs := validate.CardProfile().Check(values)
	for name, dst := range card.ProfileFields() {
		if _, bad := errs[name]; !bad {
			*dst = values[name]
		}
	}
	return card, nil
}

// UpdateSettings changes the slug and whether the card is published.
func (s *Cards) UpdateSettings(ctx context.Context, actor Actor, id int64, values map[string]string) error {
	values = validate.Trim(values)
	if err := invalid(validate.CardSettings().Check(values)); err != nil {
		return err
	}
	err := s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		if err := slugFree(ctx, tx, values["slug"], id); err != nil {
			return err
		}
		c.Slug, c.Published, c.IsDemo = values["slug"], checked(values["published"]), false
		columns := []string{"slug", "published", "is_demo"}
		if values["resume_links"] != "" { // a form without the choice keeps it
			c.ResumeLinks = values["resume_links"]
			columns = append(columns, "resume_links")
		}
		return models.UpdateColumns(ctx, tx, c, columns...)
	})
	if models.IsDuplicateKey(err) {
		return fieldError("slug", "taken") // taken meanwhile by another request
	}
	return err
}

// SetChat turns the card's chatbot on or off.
func (s *Cards) SetChat(ctx context.Context, actor Actor, id int64, values map[string]string) error {
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		c.ChatEnabled = checked(values["chat_enabled"])
		return models.UpdateColumns(ctx, tx, c, "chat_enabled")
	})
}

// MakePrimary makes card id the one shown at /. Only admins decide the site's front page.
func (s *Cards) MakePrimary(ctx context.Context, actor Actor, id int64) error {
	if !actor.Admin {
		return ErrForbidden
	}
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		return models.SetPrimaryCard(ctx, tx, id)
	})
}

// Delete removes a card; its sections, items, links and view counts go with it through
// the schema's ON DELETE CASCADE, and its messages stay in the inbox, unowned by a card.
func (s *Cards) Delete(ctx context.Context, actor Actor, id int64) error {
	c, err := models.CardRef(ctx, s.db, id)
	if err != nil {
		return err
	}
	if !actor.owns(c.MemberID) {
		return ErrForbidden
	}
	if err := models.DeleteByID(ctx, s.db, (*models.Card)(nil), id); err != nil {
		return err
	}
	s.changed(id)
	return nil
}

// AttachFile checks data as the card's photo or résumé and, in one transaction, stores it,
// records it on the card and deletes the file it replaces: a failure leaves neither a
// stray file nor a card pointing at nothing.
func (s *Cards) AttachFile(ctx context.Context, actor Actor, id int64, kind FileKind, data []byte) error {
	// Ownership first, so a stranger's upload is not even decoded.
	c, err := models.CardRef(ctx, s.db, id)
	if err != nil {
		return err
	}
	if !actor.owns(c.MemberID) {
		return ErrForbidden
	}
	var f upload
	if kind == Photo {
		// The header says what decoding will cost, before any of it is spent.
		need, err := photoCost(data)
		if err != nil {
			return err
		}
		if gerr := s.budget.Run(ctx, need, s.decodeWait, ErrImagesBusy, func() { f, err = checkPhoto(data) }); gerr != nil {
			return gerr
		}
		if err != nil {
			return err
		}
	} else if f, err = checkResume(data); err != nil {
		return err
	}
	if kind == Resume {
		// Read now, so that a file the chatbot could never read is refused while the
		// owner is there, and indexing never parses a PDF.
		if f.text, f.textStatus, err = readResume(ctx, s.readPDF, f.body); err != nil {
			return err
		}
		if err := resumeRefusal(f.textStatus); err != nil {
			return err
		}
	}
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		name, err := store(ctx, tx, f, s.now())
		if err != nil {
			return err
		}
		column, dst := "photo_path", &c.PhotoPath
		if kind == Resume {
			column, dst = "resume_path", &c.ResumePath
		}
		old := *dst
		*dst = name
		if err := models.UpdateColumns(ctx, tx, c, column); err != nil {
			return err
		}
		return removeStored(ctx, tx, old)
	})
}

func checked(v string) bool { return v == "on" || v == "true" || v == "1" }
