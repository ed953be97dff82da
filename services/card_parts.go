package services

import (
	"context"
	"sitecard/internal/validate"
	"sitecard/models"
	"strconv"

	"github.com/uptrace/bun"
)

// The editor's changes to a card's sections, items and links.

// AddSection appends a section to a card.
func (s *Cards) AddSection(ctx context.Context, actor Actor, cardID int64, values map[string]string) error {
	values = validate.Trim(values)
	if err := invalid(validate.NewSection().Check(values)); err != nil {
		return err
	}
	return s.edit(ctx, actor, cardID, func(ctx context.Context, tx bun.Tx, c *models.Card) error {
		sec := &models.Section{CardID: cardID, Kind: values["kind"], Title: values["title"], TitleEn: values["title_en"]}
		if err := fits(ctx, tx, cardID, "title", pick(values, "title", "title_en"), func(c *models.Card) { c.Sections = append(c.Sections, sec) }); err != nil {
			return err
		}
		pos, err := models.NextPosition(ctx, tx, "card_sections", "card_id", cardID)
		if err != nil {
			return err
		}
		sec.Position = pos
		return models.Insert(ctx, tx, sec)
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
	return s.partEdit(ctx, actor, sectionID, models.OwnerOfSection, validate.Section(), values, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		sec := &models.Section{ID: sectionID, Kind: values["kind"], Title: values["title"], TitleEn: values["title_en"], Hidden: checked(values["hidden"])}
		if err := fits(ctx, tx, cardID, "title", pick(values, "title", "title_en"), func(c *models.Card) {
			for _, s := range c.Sections {
				if s.ID == sectionID {
					s.Title, s.TitleEn = sec.Title, sec.TitleEn
				}
			}
		}); err != nil {
			return err
		}
		return models.UpdateColumns(ctx, tx, sec, "kind", "title", "title_en", "hidden")
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
	return s.partEdit(ctx, actor, sectionID, models.OwnerOfSection, validate.Item(), values, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		it := itemFrom(values)
		if err := fits(ctx, tx, cardID, "title", itemTexts(values), func(c *models.Card) {
			for _, s := range c.Sections {
				if s.ID == sectionID {
					s.Items = append(s.Items, it)
				}
			}
		}); err != nil {
			return err
		}
		pos, err := models.NextPosition(ctx, tx, "section_items", "section_id", sectionID)
		if err != nil {
			return err
		}
		it.SectionID, it.Position = sectionID, pos
		return models.Insert(ctx, tx, it)
	})
}

// itemTexts and linkTexts are a form's text fields, one of which shows that the card's
// text is full.
func itemTexts(values map[string]string) map[string]string {
	return pick(values, "title", "title_en", "subtitle", "subtitle_en", "period", "detail", "detail_en", "url", "degree", "degree_en", "score")
}

func linkTexts(values map[string]string) map[string]string {
	return pick(values, "label", "label_en", "url")
}

func pick(values map[string]string, fields ...string) map[string]string {
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		out[f] = values[f]
	}
	return out
}

func itemFrom(values map[string]string) *models.Item {
	it := &models.Item{Title: values["title"], TitleEn: values["title_en"], Subtitle: values["subtitle"], SubtitleEn: values["subtitle_en"],
		Period: values["period"], Detail: values["detail"], DetailEn: values["detail_en"], URL: values["url"], Hidden: checked(values["hidden"]),
		Degree: values["degree"], DegreeEn: values["degree_en"], Score: values["score"]}
	if p, err := strconv.Atoi(values["percent"]); err == nil {
		it.Percent = &p
	}
	return it
}

// UpdateItem saves an item.
func (s *Cards) UpdateItem(ctx context.Context, actor Actor, itemID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	return s.partEdit(ctx, actor, itemID, models.OwnerOfItem, validate.Item(), values, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		it := itemFrom(values)
		it.ID = itemID
		if err := fits(ctx, tx, cardID, "title", itemTexts(values), func(c *models.Card) {
			for _, s := range c.Sections {
				for j, old := range s.Items {
					if old.ID == itemID {
						s.Items[j] = it
					}
				}
			}
		}); err != nil {
			return err
		}
		return models.UpdateColumns(ctx, tx, it, "title", "title_en", "subtitle", "subtitle_en", "period", "detail", "detail_en", "url", "percent", "hidden", "degree", "degree_en", "score")
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
		l := &models.Link{CardID: cardID, Kind: values["kind"], Label: values["label"], LabelEn: values["label_en"], URL: values["url"]}
		if err := fits(ctx, tx, cardID, "url", linkTexts(values), func(c *models.Card) { c.Links = append(c.Links, l) }); err != nil {
			return err
		}
		pos, err := models.NextPosition(ctx, tx, "card_links", "card_id", cardID)
		if err != nil {
			return err
		}
		l.Position = pos
		return models.Insert(ctx, tx, l)
	})
}

// UpdateLink saves a link.
func (s *Cards) UpdateLink(ctx context.Context, actor Actor, linkID int64, values map[string]string) (int64, error) {
	values = validate.Trim(values)
	return s.partEdit(ctx, actor, linkID, models.OwnerOfLink, validate.Link(), values, func(ctx context.Context, tx bun.Tx, cardID int64) error {
		l := &models.Link{ID: linkID, Kind: values["kind"], Label: values["label"], LabelEn: values["label_en"], URL: values["url"], Hidden: checked(values["hidden"])}
		if err := fits(ctx, tx, cardID, "url", linkTexts(values), func(c *models.Card) {
			for j, old := range c.Links {
				if old.ID == linkID {
					c.Links[j] = l
				}
			}
		}); err != nil {
			return err
		}
		return models.UpdateColumns(ctx, tx, l, "kind", "label", "label_en", "url", "hidden")
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
