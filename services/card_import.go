package services

import (
	"context"

	"github.com/uptrace/bun"

	"sitecard/models"
)

// ImportStep is where one of a file's sections goes on a card: into the card's first
// section of the same kind (Into), or, when the card has none or its sections are being
// replaced, as a new section (Into nil). A second 수상 box beside the first is never what
// an owner importing awards wants.
type ImportStep struct {
	Section *models.Section // the file's
	Into    *models.Section // the card's, or nil
}

// PlanImport says where each of content's sections would go on card. The preview shows
// it, and ImportInto follows it.
func PlanImport(card, content *models.Card, replace bool) []ImportStep {
	steps := make([]ImportStep, 0, len(content.Sections))
	for _, s := range content.Sections {
		st := ImportStep{Section: s}
		if !replace {
			for _, have := range card.Sections {
				if have.Kind == s.Kind {
					st.Into = have
					break
				}
			}
		}
		steps = append(steps, st)
	}
	return steps
}

// importPlanned stores content on card id as PlanImport says: items added to the card's
// sections of their kind, the other sections and the links it lacks after the card's own.
func importPlanned(ctx context.Context, tx bun.Tx, id int64, content *models.Card, replace bool) error {
	have, err := models.CardWithContent(ctx, tx, id)
	if err != nil {
		return err
	}
	var fresh []*models.Section
	for _, st := range PlanImport(have, content, replace) {
		if st.Into == nil {
			fresh = append(fresh, st.Section)
			continue
		}
		at, err := models.NextPosition(ctx, tx, "section_items", "section_id", st.Into.ID)
		if err != nil {
			return err
		}
		if err := models.AppendItems(ctx, tx, st.Into.ID, at, st.Section.Items); err != nil {
			return err
		}
	}
	sectionAt, err := models.NextPosition(ctx, tx, "card_sections", "card_id", id)
	if err != nil {
		return err
	}
	linkAt, err := models.NextPosition(ctx, tx, "card_links", "card_id", id)
	if err != nil {
		return err
	}
	return models.AppendContent(ctx, tx, id, sectionAt, linkAt, fresh, newLinks(have.Links, content.Links))
}

// newLinks is the file's links that the card does not link yet, each address once: a
// résumé appended to a card that already links its GitHub adds no second GitHub icon.
// (Replacing deleted the card's links first, so nothing is left out then.)
func newLinks(have, file []*models.Link) []*models.Link {
	seen := make(map[string]bool, len(have)+len(file))
	for _, l := range have {
		seen[l.URL] = true
	}
	out := make([]*models.Link, 0, len(file))
	for _, l := range file {
		if !seen[l.URL] {
			seen[l.URL] = true
			out = append(out, l)
		}
	}
	return out
}
