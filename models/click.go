package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// What a counted click on a card leads to.
const (
	ClickLink   = "link" // a social link; LinkID says which
	ClickResume = "resume"
	ClickVCard  = "vcard"
	ClickQR     = "qr"
)

// LinkClick counts one day's clicks on one of a card's links or buttons.
type LinkClick struct {
	bun.BaseModel `bun:"table:link_clicks"`

	CardID int64     `bun:"card_id,pk"`
	Target string    `bun:"target,pk"`
	LinkID int64     `bun:"link_id,pk"`
	Day    time.Time `bun:"day,pk,type:date"`
	Clicks int64     `bun:"clicks,notnull"`
}

// AddLinkClicks adds n clicks to a target's count for day.
func AddLinkClicks(ctx context.Context, db bun.IDB, c LinkClick) error {
	q := upsert(db, db.NewInsert().Model(&c), "card_id, target, link_id, day", nil, []string{"clicks"})
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("models: add link clicks: %w", err)
	}
	return nil
}

// ClickTotal is a target's clicks over a time, with the link's kind and label.
type ClickTotal struct {
	CardID    int64  `bun:"card_id"`
	Target    string `bun:"target"`
	LinkID    int64  `bun:"link_id"`
	Clicks    int64  `bun:"clicks"`
	LinkKind  string `bun:"kind"`
	LinkLabel string `bun:"label"`
}

// ClicksSince sums the clicks per card and target since a day, of one member's cards or
// (memberID 0) of all, most clicked first.
func ClicksSince(ctx context.Context, db bun.IDB, memberID int64, since time.Time) ([]ClickTotal, error) {
	var out []ClickTotal
	q := db.NewSelect().TableExpr("link_clicks AS lc").
		ColumnExpr("lc.card_id, lc.target, lc.link_id, SUM(lc.clicks) AS clicks, COALESCE(MAX(l.kind), '') AS kind, COALESCE(MAX(l.label), '') AS label").
		Join("LEFT JOIN card_links AS l ON l.id = lc.link_id").
		Where("lc.day >= ?", since).GroupExpr("lc.card_id, lc.target, lc.link_id").OrderExpr("clicks DESC, lc.link_id")
	if memberID != 0 {
		q = q.Join("JOIN cards AS c ON c.id = lc.card_id").Where("c.member_id = ?", memberID)
	}
	if err := q.Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("models: clicks: %w", err)
	}
	return out, nil
}

// ViewsByDay returns each card's views per day since a day, of one member's cards or
// (memberID 0) of all.
func ViewsByDay(ctx context.Context, db bun.IDB, memberID int64, since time.Time) ([]PageView, error) {
	var out []PageView
	q := db.NewSelect().Model(&out).Where("page_view.day >= ?", since).Order("page_view.day")
	if memberID != 0 {
		q = q.Join("JOIN cards AS c ON c.id = page_view.card_id").Where("c.member_id = ?", memberID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: views by day: %w", err)
	}
	return out, nil
}
