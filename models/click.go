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

// ClicksSince sums the clicks per card and target since a day, of the given cards, most
// clicked first.
func ClicksSince(ctx context.Context, db bun.IDB, cardIDs []int64, since time.Time) ([]ClickTotal, error) {
	var out []ClickTotal
	if len(cardIDs) == 0 {
		return nil, nil
	}
	q := db.NewSelect().TableExpr("link_clicks AS lc").
		ColumnExpr("lc.card_id, lc.target, lc.link_id, SUM(lc.clicks) AS clicks, COALESCE(MAX(l.kind), '') AS kind, COALESCE(MAX(l.label), '') AS label").
		Join("LEFT JOIN card_links AS l ON l.id = lc.link_id").
		Where("lc.card_id IN (?)", bun.List(cardIDs)).Where("lc.day >= ?", since).
		GroupExpr("lc.card_id, lc.target, lc.link_id").OrderExpr("clicks DESC, lc.link_id")
	if err := q.Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("models: clicks: %w", err)
	}
	return out, nil
}

// ViewsByDay returns the given cards' views per day since a day.
func ViewsByDay(ctx context.Context, db bun.IDB, cardIDs []int64, since time.Time) ([]PageView, error) {
	var out []PageView
	if len(cardIDs) == 0 {
		return nil, nil
	}
	q := db.NewSelect().Model(&out).Where("page_view.card_id IN (?)", bun.List(cardIDs)).Where("page_view.day >= ?", since)
	if err := q.Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: views by day: %w", err)
	}
	return out, nil
}

// DayViews is one day's views summed over cards.
type DayViews struct {
	Day   time.Time `bun:"day,type:date"`
	Views int64     `bun:"views"`
}

// ViewsPerDay sums the views of one member's cards (memberID 0: the whole site) per day
// since a day: the dashboard's chart of a site of 10,000 cards reads 30 rows.
func ViewsPerDay(ctx context.Context, db bun.IDB, memberID int64, since time.Time) ([]DayViews, error) {
	var out []DayViews
	// The site's totals are kept per day as views are counted (AddPageViews); a member's
	// are their cards' days, a few rows each by the primary key.
	q := db.NewSelect().TableExpr("site_views AS sv").ColumnExpr("sv.day, sv.views").Where("sv.day >= ?", since)
	if memberID != 0 {
		q = db.NewSelect().TableExpr("page_views AS pv").ColumnExpr("pv.day, SUM(pv.views) AS views").
			Join("JOIN cards AS c ON c.id = pv.card_id").Where("c.member_id = ?", memberID).
			Where("pv.day >= ?", since).GroupExpr("pv.day")
	}
	if err := q.Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("models: views per day: %w", err)
	}
	return out, nil
}
