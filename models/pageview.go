package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// PageView counts one card's views on one day.
type PageView struct {
	bun.BaseModel `bun:"table:page_views"`

	CardID int64     `bun:"card_id,pk"`
	Day    time.Time `bun:"day,pk,type:date"`
	Views  int64     `bun:"views,notnull"`
}

// SiteView counts the whole site's views on one day.
type SiteView struct {
	bun.BaseModel `bun:"table:site_views"`
	Day           time.Time `bun:"day,pk,type:date"`
	Views         int64     `bun:"views,notnull"`
}

// AddPageViews adds n views to a card's count for day, and to the site's, together.
func AddPageViews(ctx context.Context, db bun.IDB, cardID int64, day time.Time, n int64) error {
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := upsert(tx, tx.NewInsert().Model(&PageView{CardID: cardID, Day: day, Views: n}), "card_id, day", nil, []string{"views"}).Exec(ctx); err != nil {
			return err
		}
		_, err := upsert(tx, tx.NewInsert().Model(&SiteView{Day: day, Views: n}), "day", nil, []string{"views"}).Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("models: add page views: %w", err)
	}
	return nil
}

// ViewsPerCard sums every day's views per card, of one member's cards or (memberID 0)
// of all.
func ViewsPerCard(ctx context.Context, db bun.IDB, memberID int64) (map[int64]int64, error) {
	var rows []struct {
		CardID int64 `bun:"card_id"`
		Views  int64 `bun:"views"`
	}
	q := db.NewSelect().TableExpr("page_views AS pv").ColumnExpr("pv.card_id, SUM(pv.views) AS views").GroupExpr("pv.card_id")
	if memberID != 0 {
		q = q.Join("JOIN cards AS c ON c.id = pv.card_id").Where("c.member_id = ?", memberID)
	}
	if err := q.Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("models: views per card: %w", err)
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.CardID] = r.Views
	}
	return out, nil
}
