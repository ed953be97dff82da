package models

import (
	"context"
	"fmt"

	"github.com/uptrace/bun"
)

// CardWithContent returns any card (published or not, hidden parts included).
func CardWithContent(ctx context.Context, db bun.IDB, id int64) (*Card, error) {
	c := new(Card)
	if err := withContent(db.NewSelect().Model(c)).Where("card.id = ?", id).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: card %d: %w", id, notFound(err))
	}
	return c, nil
}

// CardsOf lists a member's cards; memberID 0 lists every card.
func CardsOf(ctx context.Context, db bun.IDB, memberID int64) ([]Card, error) {
	var cards []Card
	q := db.NewSelect().Model(&cards).Order("id")
	if memberID != 0 {
		q = q.Where("member_id = ?", memberID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: cards of %d: %w", memberID, err)
	}
	return cards, nil
}

// SlugTaken reports whether another card uses slug.
func SlugTaken(ctx context.Context, db bun.IDB, slug string, exceptID int64) (bool, error) {
	return db.NewSelect().Model((*Card)(nil)).Where("slug = ?", slug).Where("id <> ?", exceptID).Exists(ctx)
}

// OwnerOfSection returns the card id and owner of a section.
func OwnerOfSection(ctx context.Context, db bun.IDB, sectionID int64) (cardID int64, owner *int64, err error) {
	err = db.NewSelect().TableExpr("card_sections AS s").Join("JOIN cards AS c ON c.id = s.card_id").
		ColumnExpr("c.id, c.member_id").Where("s.id = ?", sectionID).Scan(ctx, &cardID, &owner)
	return cardID, owner, notFound(err)
}

// OwnerOfItem returns the card id and owner of an item.
func OwnerOfItem(ctx context.Context, db bun.IDB, itemID int64) (cardID int64, owner *int64, err error) {
	err = db.NewSelect().TableExpr("section_items AS i").
		Join("JOIN card_sections AS s ON s.id = i.section_id").Join("JOIN cards AS c ON c.id = s.card_id").
		ColumnExpr("c.id, c.member_id").Where("i.id = ?", itemID).Scan(ctx, &cardID, &owner)
	return cardID, owner, notFound(err)
}

// OwnerOfLink returns the card id and owner of a link.
func OwnerOfLink(ctx context.Context, db bun.IDB, linkID int64) (cardID int64, owner *int64, err error) {
	err = db.NewSelect().TableExpr("card_links AS l").Join("JOIN cards AS c ON c.id = l.card_id").
		ColumnExpr("c.id, c.member_id").Where("l.id = ?", linkID).Scan(ctx, &cardID, &owner)
	return cardID, owner, notFound(err)
}

// Reorder moves row id of table one step up (-1) or down (+1) among the rows sharing
// parentCol = parentID, and renumbers them 0..n-1 so positions stay dense.
func Reorder(ctx context.Context, db bun.IDB, table, parentCol string, parentID, id int64, step int) error {
	var ids []int64
	err := db.NewSelect().Table(table).Column("id").Where("? = ?", bun.Ident(parentCol), parentID).
		Order("position", "id").Scan(ctx, &ids)
	if err != nil {
		return fmt.Errorf("models: reorder %s: %w", table, err)
	}
	for i, v := range ids {
		if v == id {
			j := i + step
			if j >= 0 && j < len(ids) {
				ids[i], ids[j] = ids[j], ids[i]
			}
			break
		}
	}
	for pos, v := range ids {
		if _, err := db.NewUpdate().Table(table).Set("position = ?", pos).Where("id = ?", v).Exec(ctx); err != nil {
			return fmt.Errorf("models: reorder %s: %w", table, err)
		}
	}
	return nil
}

// NextPosition returns the position after the last row under parentCol = parentID.
func NextPosition(ctx context.Context, db bun.IDB, table, parentCol string, parentID int64) (int, error) {
	var n int
	err := db.NewSelect().Table(table).ColumnExpr("COALESCE(MAX(position) + 1, 0)").
		Where("? = ?", bun.Ident(parentCol), parentID).Scan(ctx, &n)
	return n, err
}
