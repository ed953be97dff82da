package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// The editor's writes. Cards, sections, items and links are changed through the same few
// statements: insert a row, update some of its columns, delete it, move it.

// Insert stores a new card section, item or link and sets its ID.
func Insert(ctx context.Context, db bun.IDB, row any) error {
	if _, err := db.NewInsert().Model(row).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert %T: %w", row, err)
	}
	return nil
}

// UpdateColumns saves the named columns of row, found by its primary key.
func UpdateColumns(ctx context.Context, db bun.IDB, row any, columns ...string) error {
	if _, err := db.NewUpdate().Model(row).Column(columns...).WherePK().Exec(ctx); err != nil {
		return fmt.Errorf("models: update %T: %w", row, err)
	}
	return nil
}

// DeleteByID removes the row of model's table with that id; the schema's ON DELETE
// CASCADE removes what belongs to it.
func DeleteByID(ctx context.Context, db bun.IDB, model any, id int64) error {
	if _, err := db.NewDelete().Model(model).Where("id = ?", id).Exec(ctx); err != nil {
		return fmt.Errorf("models: delete %T %d: %w", model, id, err)
	}
	return nil
}

// CardRef returns a card's id, owner and file names, without its content.
func CardRef(ctx context.Context, db bun.IDB, id int64) (*Card, error) {
	c := new(Card)
	err := db.NewSelect().Model(c).Column("id", "member_id", "slug", "photo_path", "resume_path").Where("id = ?", id).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: card %d: %w", id, notFound(err))
	}
	return c, nil
}

// PublishedCardRef returns the id and owner of a published card; slug "" means the
// site's primary card.
func PublishedCardRef(ctx context.Context, db bun.IDB, slug string) (*Card, error) {
	c := new(Card)
	q := db.NewSelect().Model(c).Column("id", "member_id", "slug").Where("published = ?", true)
	if slug == "" {
		q = q.OrderExpr("is_primary DESC, id ASC").Limit(1)
	} else {
		q = q.Where("slug = ?", slug)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: published card %q: %w", slug, notFound(err))
	}
	return c, nil
}

// TouchCard stamps a card as changed now; other instances watch this (ContentVersion).
func TouchCard(ctx context.Context, db bun.IDB, id int64, now time.Time) error {
	_, err := db.NewUpdate().Model((*Card)(nil)).Set("updated_at = ?", now).Where("id = ?", id).Exec(ctx)
	return err
}

// SetPrimaryCard makes card id the only primary card.
func SetPrimaryCard(ctx context.Context, db bun.IDB, id int64) error {
	if _, err := db.NewUpdate().Model((*Card)(nil)).Set("is_primary = ?", false).Where("is_primary = ?", true).Exec(ctx); err != nil {
		return err
	}
	_, err := db.NewUpdate().Model((*Card)(nil)).Set("is_primary = ?", true).Where("id = ?", id).Exec(ctx)
	return err
}

// GiveUnownedCards makes member the owner of every card nobody owns (the demo card, at
// setup), and of the messages those cards received meanwhile.
func GiveUnownedCards(ctx context.Context, db bun.IDB, memberID int64) error {
	if _, err := db.NewUpdate().Model((*Card)(nil)).Set("member_id = ?", memberID).Where("member_id IS NULL").Exec(ctx); err != nil {
		return err
	}
	_, err := db.NewUpdate().Model((*Message)(nil)).Set("member_id = ?", memberID).Where("member_id IS NULL").
		Where("card_id IN (?)", db.NewSelect().Model((*Card)(nil)).Column("id").Where("member_id = ?", memberID)).Exec(ctx)
	return err
}

// CardOwner returns the member who owns a card now, or nil.
func CardOwner(ctx context.Context, db bun.IDB, cardID int64) (*int64, error) {
	var owner *int64
	err := db.NewSelect().Model((*Card)(nil)).Column("member_id").Where("id = ?", cardID).Scan(ctx, &owner)
	return owner, notFound(err)
}

// CardSlug returns a card's slug.
func CardSlug(ctx context.Context, db bun.IDB, cardID int64) (string, error) {
	var slug string
	err := db.NewSelect().Model((*Card)(nil)).Column("slug").Where("id = ?", cardID).Scan(ctx, &slug)
	return slug, notFound(err)
}

// ItemSectionID returns the section an item belongs to.
func ItemSectionID(ctx context.Context, db bun.IDB, itemID int64) (int64, error) {
	var sectionID int64
	err := db.NewSelect().Model((*Item)(nil)).Column("section_id").Where("id = ?", itemID).Scan(ctx, &sectionID)
	return sectionID, notFound(err)
}

// CardWithContent returns any card (published or not, hidden parts included).
func CardWithContent(ctx context.Context, db bun.IDB, id int64) (*Card, error) {
	c := new(Card)
	if err := withContent(db.NewSelect().Model(c)).Where("card.id = ?", id).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: card %d: %w", id, notFound(err))
	}
	return c, nil
}

// SearchCards lists a member's cards (memberID 0: every card) whose address or name
// contains q, a page at a time, oldest first.
func SearchCards(ctx context.Context, db bun.IDB, memberID int64, q string, offset, limit int) ([]Card, error) {
	var cards []Card
	sel := cardsOf(db.NewSelect().Model(&cards), memberID, q).Order("id").Offset(int64(offset)).Limit(int64(limit))
	if err := sel.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: cards of %d: %w", memberID, err)
	}
	return cards, nil
}

// CountCardsMatching counts the cards SearchCards finds.
func CountCardsMatching(ctx context.Context, db bun.IDB, memberID int64, q string) (int, error) {
	n, err := cardsOf(db.NewSelect().Model((*Card)(nil)), memberID, q).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: count cards of %d: %w", memberID, err)
	}
	return int(n), nil
}

func cardsOf(sel *bun.SelectQuery, memberID int64, q string) *bun.SelectQuery {
	if memberID != 0 {
		sel = sel.Where("member_id = ?", memberID)
	}
	return matching(sel, q, "slug", "name_ko", "name_en")
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
