package services

import (
	"context"
	"errors"
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
	if actor.Admin {
		return models.CardsOf(ctx, s.db, 0)
	}
	return models.CardsOf(ctx, s.db, actor.ID)
}

// Editable returns a card with all its content, hidden parts included, if actor owns it.
func (s *Cards) Editable(ctx context.Context, actor Actor, id int64) (*models.Card, error) {
	c, err := models.CardWithContent(ctx, s.db, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrNotFound
	}
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
	errs := validate.CardSettings().Check(values)
	for k, v := range validate.CardProfile().Check(values) {
		if k == "name_ko" {
			errs[k] = v
		}
	}
	if err := invalid(errs); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	owner := actor.ID
	c := &models.Card{Slug: values["slug"], NameKo: values["name_ko"], MemberID: &owner, CreatedAt: now, UpdatedAt: now}
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if taken, err := models.SlugTaken(ctx, tx, c.Slug, 0); err != nil || taken {
			if err == nil {
				err = fieldError("slug", "taken")
			}
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

// edit runs fn on card id inside a transaction after the ownership check.
func (s *Cards) edit(ctx context.Context, actor Actor, id int64, fn func(ctx context.Context, tx bun.Tx, c *models.Card) error) error {
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		c := new(models.Card)
		if err := tx.NewSelect().Model(c).Where("id = ?", id).Scan(ctx); err != nil {
			return ErrNotFound
		}
		if !actor.owns(c.MemberID) {
			return ErrForbidden
		}
		if err := fn(ctx, tx, c); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model((*models.Card)(nil)).Set("updated_at = ?", s.now().UTC()).Where("id = ?", id).Exec(ctx)
		return err
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
		_, err := tx.NewUpdate().Model((*models.Card)(nil)).
			Set("name_ko = ?", values["name_ko"]).Set("name_en = ?", values["name_en"]).
			Set("job_title = ?", values["job_title"]).Set("job_title_en = ?", values["job_title_en"]).
			Set("email = ?", values["email"]).Set("phone = ?", values["phone"]).
			Set("site = ?", values["site"]).Set("summary = ?", values["summary"]).Set("is_demo = ?", false).
			Where("id = ?", id).Exec(ctx)
		return err
	})
}

// UpdateSettings changes the slug and whether the card is published.
func (s *Cards) UpdateSettings(ctx context.Context, actor Actor, id int64, values map[string]string) error {
	values = validate.Trim(values)
	if err := invalid(validate.CardSettings().Check(values)); err != nil {
		return err
	}
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		if taken, err := models.SlugTaken(ctx, tx, values["slug"], id); err != nil || taken {
			if err == nil {
				err = fieldError("slug", "taken")
			}
			return err
		}
		_, err := tx.NewUpdate().Model((*models.Card)(nil)).Set("slug = ?", values["slug"]).
			Set("published = ?", values["published"] == "on" || values["published"] == "true").
			Set("is_demo = ?", false).Where("id = ?", id).Exec(ctx)
		return err
	})
}

// MakePrimary makes card id the one shown at /. Only admins decide the site's front page.
func (s *Cards) MakePrimary(ctx context.Context, actor Actor, id int64) error {
	if !actor.Admin {
		return ErrForbidden
	}
	return s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		if _, err := tx.NewUpdate().Model((*models.Card)(nil)).Set("is_primary = ?", false).Where("is_primary = ?", true).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model((*models.Card)(nil)).Set("is_primary = ?", true).Where("id = ?", id).Exec(ctx)
		return err
	})
}

// Delete removes a card; its sections, items, links and view counts go with it through
// the schema's ON DELETE CASCADE, and its messages stay in the inbox, unowned by a card.
func (s *Cards) Delete(ctx context.Context, actor Actor, id int64) error {
	c := new(models.Card)
	if err := s.db.NewSelect().Model(c).Column("id", "member_id").Where("id = ?", id).Scan(ctx); err != nil {
		return ErrNotFound
	}
	if !actor.owns(c.MemberID) {
		return ErrForbidden
	}
	if _, err := s.db.NewDelete().Model((*models.Card)(nil)).Where("id = ?", id).Exec(ctx); err != nil {
		return err
	}
	s.purge()
	return nil
}

// SetFile records a stored upload (photo or résumé) on the card and returns the name it
// replaced, which the caller removes.
func (s *Cards) SetFile(ctx context.Context, actor Actor, id int64, column, name string) (string, error) {
	if column != "photo_path" && column != "resume_path" {
		return "", errors.New("services: unknown file column")
	}
	var old string
	err := s.edit(ctx, actor, id, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		old = c.PhotoPath
		if column == "resume_path" {
			old = c.ResumePath
		}
		_, err := tx.NewUpdate().Model((*models.Card)(nil)).Set("? = ?", bun.Ident(column), name).Where("id = ?", id).Exec(ctx)
		return err
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
		_, err = tx.NewInsert().Model(&models.Section{CardID: cardID, Kind: values["kind"], Title: values["title"], Position: pos}).Exec(ctx)
		return err
	})
}

// sectionEdit resolves a section to its card and edits that card.
func (s *Cards) sectionEdit(ctx context.Context, actor Actor, sectionID int64, fn func(ctx context.Context, tx bun.Tx, cardID int64) error) (int64, error) {
	cardID, _, err := models.OwnerOfSection(ctx, s.db, sectionID)
	if err != nil {
		return 0, ErrNotFound
	}
	return cardID, s.edit(ctx, actor, cardID, func(ctx context.Context, tx bun.Tx, c *models.Card) error { return fn(ctx, tx, cardID) })
}

// UpdateSection changes a section's kind, title and visibility.
func (s *Cards) UpdateSection(ctx context.Context, actor Actor, sectionID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	if err := invalid(validate.Section().Check(values)); err != nil {
		cardID, _, _ := models.OwnerOfSection(ctx, s.db, sectionID)
		return cardID, err
	}
	return s.sectionEdit(ctx, actor, sectionID, func(ctx context.Context, tx bun.Tx, _ int64) error {
		_, err := tx.NewUpdate().Model((*models.Section)(nil)).Set("kind = ?", values["kind"]).
			Set("title = ?", values["title"]).Set("hidden = ?", checked(values["hidden"])).Where("id = ?", sectionID).Exec(ctx)
		return err
	})
}

// DeleteSection removes a section; its items go with it (ON DELETE CASCADE).
func (s *Cards) DeleteSection(ctx context.Context, actor Actor, sectionID int64) (int64, error) {
	return s.sectionEdit(ctx, actor, sectionID, func(ctx context.Context, tx bun.Tx, _ int64) error {
		_, err := tx.NewDelete().Model((*models.Section)(nil)).Where("id = ?", sectionID).Exec(ctx)
		return err
	})
}

// MoveSection moves a section one step up (-1) or down (+1).
func (s *Cards) MoveSection(ctx context.Context, actor Actor, sectionID int64, step int) (int64, error) {
	return s.sectionEdit(ctx, actor, sectionID, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		return models.Reorder(ctx, tx, "card_sections", "card_id", cardID, sectionID, step)
	})
}

// AddItem appends an item to a section.
func (s *Cards) AddItem(ctx context.Context, actor Actor, sectionID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	if err := invalid(validate.Item().Check(values)); err != nil {
		cardID, _, _ := models.OwnerOfSection(ctx, s.db, sectionID)
		return cardID, err
	}
	return s.sectionEdit(ctx, actor, sectionID, func(ctx context.Context, tx bun.Tx, _ int64) error {
		pos, err := models.NextPosition(ctx, tx, "section_items", "section_id", sectionID)
		if err != nil {
			return err
		}
		it := itemFrom(values)
		it.SectionID, it.Position = sectionID, pos
		_, err = tx.NewInsert().Model(it).Exec(ctx)
		return err
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

// itemEdit resolves an item to its card and edits that card.
func (s *Cards) itemEdit(ctx context.Context, actor Actor, itemID int64, fn func(ctx context.Context, tx bun.Tx) error) (int64, error) {
	cardID, _, err := models.OwnerOfItem(ctx, s.db, itemID)
	if err != nil {
		return 0, ErrNotFound
	}
	return cardID, s.edit(ctx, actor, cardID, func(ctx context.Context, tx bun.Tx, c *models.Card) error { return fn(ctx, tx) })
}

// UpdateItem saves an item.
func (s *Cards) UpdateItem(ctx context.Context, actor Actor, itemID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	if err := invalid(validate.Item().Check(values)); err != nil {
		cardID, _, _ := models.OwnerOfItem(ctx, s.db, itemID)
		return cardID, err
	}
	return s.itemEdit(ctx, actor, itemID, func(ctx context.Context, tx bun.Tx) error {
		it := itemFrom(values)
		_, err := tx.NewUpdate().Model(it).Column("title", "subtitle", "period", "detail", "url", "percent", "hidden").
			Where("id = ?", itemID).Exec(ctx)
		return err
	})
}

// DeleteItem removes an item.
func (s *Cards) DeleteItem(ctx context.Context, actor Actor, itemID int64) (int64, error) {
	return s.itemEdit(ctx, actor, itemID, func(ctx context.Context, tx bun.Tx) error {
		_, err := tx.NewDelete().Model((*models.Item)(nil)).Where("id = ?", itemID).Exec(ctx)
		return err
	})
}

// MoveItem moves an item one step up (-1) or down (+1) within its section.
func (s *Cards) MoveItem(ctx context.Context, actor Actor, itemID int64, step int) (int64, error) {
	return s.itemEdit(ctx, actor, itemID, func(ctx context.Context, tx bun.Tx) error {
		var sectionID int64
		if err := tx.NewSelect().Model((*models.Item)(nil)).Column("section_id").Where("id = ?", itemID).Scan(ctx, &sectionID); err != nil {
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
		_, err = tx.NewInsert().Model(&models.Link{CardID: cardID, Kind: values["kind"], Label: values["label"], URL: values["url"], Position: pos}).Exec(ctx)
		return err
	})
}

// linkEdit resolves a link to its card and edits that card.
func (s *Cards) linkEdit(ctx context.Context, actor Actor, linkID int64, fn func(ctx context.Context, tx bun.Tx, cardID int64) error) (int64, error) {
	cardID, _, err := models.OwnerOfLink(ctx, s.db, linkID)
	if err != nil {
		return 0, ErrNotFound
	}
	return cardID, s.edit(ctx, actor, cardID, func(ctx context.Context, tx bun.Tx, c *models.Card) error { return fn(ctx, tx, cardID) })
}

// UpdateLink saves a link.
func (s *Cards) UpdateLink(ctx context.Context, actor Actor, linkID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	if err := invalid(validate.Link().Check(values)); err != nil {
		cardID, _, _ := models.OwnerOfLink(ctx, s.db, linkID)
		return cardID, err
	}
	return s.linkEdit(ctx, actor, linkID, func(ctx context.Context, tx bun.Tx, _ int64) error {
		_, err := tx.NewUpdate().Model((*models.Link)(nil)).Set("kind = ?", values["kind"]).Set("label = ?", values["label"]).
			Set("url = ?", values["url"]).Set("hidden = ?", checked(values["hidden"])).Where("id = ?", linkID).Exec(ctx)
		return err
	})
}

// DeleteLink removes a link.
func (s *Cards) DeleteLink(ctx context.Context, actor Actor, linkID int64) (int64, error) {
	return s.linkEdit(ctx, actor, linkID, func(ctx context.Context, tx bun.Tx, _ int64) error {
		_, err := tx.NewDelete().Model((*models.Link)(nil)).Where("id = ?", linkID).Exec(ctx)
		return err
	})
}

// MoveLink moves a link one step up (-1) or down (+1).
func (s *Cards) MoveLink(ctx context.Context, actor Actor, linkID int64, step int) (int64, error) {
	return s.linkEdit(ctx, actor, linkID, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		return models.Reorder(ctx, tx, "card_links", "card_id", cardID, linkID, step)
	})
}

func checked(v string) bool { return v == "on" || v == "true" || v == "1" }
