package services

import (
	"context"
	"maps"
	"slices"
	"strconv"

	"github.com/uptrace/bun"

	"sitecard/models"
	"sitecard/validate"
)

// The card editor: every change checks that the actor owns the card, runs in a
// transaction, stamps the card's updated_at (which other instances watch) and drops the
// cached pages.

// CardsOf lists the cards an actor may edit: their own, or every card for an admin.
func (s *Cards) CardsOf(ctx context.Context, actor Actor) ([]models.Card, error) {
	return models.CardsOf(ctx, s.db, actor.scope())
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
	now := s.now().UTC()
	owner := actor.ID
	c := &models.Card{Slug: values["slug"], NameKo: values["name_ko"], MemberID: &owner, CreatedAt: now, UpdatedAt: now}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := slugFree(ctx, tx, c.Slug, 0); err != nil {
			return err
		}
		return models.InsertCard(ctx, tx, c)
	})
	if err != nil {
		return nil, err
	}
	s.purge()
	return c, nil
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
		s.purge()
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
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		if err := slugFree(ctx, tx, values["slug"], id); err != nil {
			return err
		}
		c.Slug, c.Published, c.IsDemo = values["slug"], checked(values["published"]), false
		return models.UpdateColumns(ctx, tx, c, "slug", "published", "is_demo")
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
	s.purge()
	return nil
}

// SetFile records a stored upload (photo or résumé) on the card and returns the name it
// replaced, which the caller removes.
func (s *Cards) SetFile(ctx context.Context, actor Actor, id int64, kind FileKind, name string) (string, error) {
	var old string
	err := s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		column, dst := "photo_path", &c.PhotoPath
		if kind == Resume {
			column, dst = "resume_path", &c.ResumePath
		}
		old, *dst = *dst, name
		return models.UpdateColumns(ctx, tx, c, column)
	})
	return old, err
}

// AddSection appends a section to a card.
func (s *Cards) AddSection(ctx context.Context, actor Actor, cardID int64, values map[string]string) error {
	values = validate.Trim(values)
	if err := invalid(validate.Section().Check(values)); err != nil {
		return err
	}
	return s.edit(ctx, actor, cardID, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		pos, err := models.NextPosition(ctx, tx, "card_sections", "card_id", cardID)
		if err != nil {
			return err
		}
		return models.Insert(ctx, tx, &models.Section{CardID: cardID, Kind: values["kind"], Title: values["title"], Position: pos})
	})
}

// partEdit resolves a section, item or link to its card (owner finds it) and edits that
// card. It returns the card's id, also when the values are refused, so the editor can
// show the form again.
func (s *Cards) partEdit(ctx context.Context, actor Actor, id int64, owner func(context.Context, bun.IDB, int64) (int64, *int64, error),
	check validate.Form, values map[string]string, fn func(ctx context.Context, tx bun.Tx, cardID int64) error) (int64, error) {
	cardID, _, err := owner(ctx, s.db, id)
	if err != nil {
		return 0, err
	}
	if check != nil {
		if err := invalid(check.Check(values)); err != nil {
			return cardID, err
		}
	}
	return cardID, s.edit(ctx, actor, cardID, func(ctx context.Context, tx bun.Tx, _ *models.Card) error { return fn(ctx, tx, cardID) })
}

// UpdateSection changes a section's kind, title and visibility.
func (s *Cards) UpdateSection(ctx context.Context, actor Actor, sectionID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	return s.partEdit(ctx, actor, sectionID, models.OwnerOfSection, validate.Section(), values, func(ctx context.Context, tx bun.Tx, _ int64) error {
		sec := &models.Section{ID: sectionID, Kind: values["kind"], Title: values["title"], Hidden: checked(values["hidden"])}
		return models.UpdateColumns(ctx, tx, sec, "kind", "title", "hidden")
	})
}

// DeleteSection removes a section; its items go with it (ON DELETE CASCADE).
func (s *Cards) DeleteSection(ctx context.Context, actor Actor, sectionID int64) (int64, error) {
	return s.partEdit(ctx, actor, sectionID, models.OwnerOfSection, nil, nil, func(ctx context.Context, tx bun.Tx, _ int64) error {
		return models.DeleteByID(ctx, tx, (*models.Section)(nil), sectionID)
	})
}

// MoveSection moves a section one step up (-1) or down (+1).
func (s *Cards) MoveSection(ctx context.Context, actor Actor, sectionID int64, step int) (int64, error) {
	return s.partEdit(ctx, actor, sectionID, models.OwnerOfSection, nil, nil, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		return models.Reorder(ctx, tx, "card_sections", "card_id", cardID, sectionID, step)
	})
}

// AddItem appends an item to a section.
func (s *Cards) AddItem(ctx context.Context, actor Actor, sectionID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	return s.partEdit(ctx, actor, sectionID, models.OwnerOfSection, validate.Item(), values, func(ctx context.Context, tx bun.Tx, _ int64) error {
		pos, err := models.NextPosition(ctx, tx, "section_items", "section_id", sectionID)
		if err != nil {
			return err
		}
		it := itemFrom(values)
		it.SectionID, it.Position = sectionID, pos
		return models.Insert(ctx, tx, it)
	})
}

func itemFrom(values map[string]string) *models.Item {
	it := &models.Item{Title: values["title"], Subtitle: values["subtitle"], Period: values["period"],
		Detail: values["detail"], URL: values["url"], Hidden: checked(values["hidden"])}
	if p, err := strconv.Atoi(values["percent"]); err == nil {
		it.Percent = &p
	}
	return it
}

// UpdateItem saves an item.
func (s *Cards) UpdateItem(ctx context.Context, actor Actor, itemID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	return s.partEdit(ctx, actor, itemID, models.OwnerOfItem, validate.Item(), values, func(ctx context.Context, tx bun.Tx, _ int64) error {
		it := itemFrom(values)
		it.ID = itemID
		return models.UpdateColumns(ctx, tx, it, "title", "subtitle", "period", "detail", "url", "percent", "hidden")
	})
}

// DeleteItem removes an item.
func (s *Cards) DeleteItem(ctx context.Context, actor Actor, itemID int64) (int64, error) {
	return s.partEdit(ctx, actor, itemID, models.OwnerOfItem, nil, nil, func(ctx context.Context, tx bun.Tx, _ int64) error {
		return models.DeleteByID(ctx, tx, (*models.Item)(nil), itemID)
	})
}

// MoveItem moves an item one step up (-1) or down (+1) within its section.
func (s *Cards) MoveItem(ctx context.Context, actor Actor, itemID int64, step int) (int64, error) {
	return s.partEdit(ctx, actor, itemID, models.OwnerOfItem, nil, nil, func(ctx context.Context, tx bun.Tx, _ int64) error {
		sectionID, err := models.ItemSectionID(ctx, tx, itemID)
		if err != nil {
			return err
		}
		return models.Reorder(ctx, tx, "section_items", "section_id", sectionID, itemID, step)
	})
}

// AddLink appends a social link to a card.
func (s *Cards) AddLink(ctx context.Context, actor Actor, cardID int64, values map[string]string) error {
	values = validate.Trim(values)
	if err := invalid(validate.Link().Check(values)); err != nil {
		return err
	}
	return s.edit(ctx, actor, cardID, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		pos, err := models.NextPosition(ctx, tx, "card_links", "card_id", cardID)
		if err != nil {
			return err
		}
		return models.Insert(ctx, tx, &models.Link{CardID: cardID, Kind: values["kind"], Label: values["label"], URL: values["url"], Position: pos})
	})
}

// UpdateLink saves a link.
func (s *Cards) UpdateLink(ctx context.Context, actor Actor, linkID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	return s.partEdit(ctx, actor, linkID, models.OwnerOfLink, validate.Link(), values, func(ctx context.Context, tx bun.Tx, _ int64) error {
		l := &models.Link{ID: linkID, Kind: values["kind"], Label: values["label"], URL: values["url"], Hidden: checked(values["hidden"])}
		return models.UpdateColumns(ctx, tx, l, "kind", "label", "url", "hidden")
	})
}

// DeleteLink removes a link.
func (s *Cards) DeleteLink(ctx context.Context, actor Actor, linkID int64) (int64, error) {
	return s.partEdit(ctx, actor, linkID, models.OwnerOfLink, nil, nil, func(ctx context.Context, tx bun.Tx, _ int64) error {
		return models.DeleteByID(ctx, tx, (*models.Link)(nil), linkID)
	})
}

// MoveLink moves a link one step up (-1) or down (+1).
func (s *Cards) MoveLink(ctx context.Context, actor Actor, linkID int64, step int) (int64, error) {
	return s.partEdit(ctx, actor, linkID, models.OwnerOfLink, nil, nil, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		return models.Reorder(ctx, tx, "card_links", "card_id", cardID, linkID, step)
	})
}

func checked(v string) bool { return v == "on" || v == "true" || v == "1" }
