package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// SourceCount is one card's views, link clicks and messages from one source on one day.
type SourceCount struct {
	bun.BaseModel `bun:"table:source_counts"`

	CardID   int64     `bun:"card_id,pk"`
	Day      time.Time `bun:"day,pk,type:date"`
	Source   string    `bun:"source,pk"`
	Views    int64     `bun:"views,notnull"`
	Clicks   int64     `bun:"clicks,notnull"`
	Messages int64     `bun:"messages,notnull"`
}

// SiteSource is the whole site's counts from one source on one day.
type SiteSource struct {
	bun.BaseModel `bun:"table:site_sources"`

	Day      time.Time `bun:"day,pk,type:date"`
	Source   string    `bun:"source,pk"`
	Views    int64     `bun:"views,notnull"`
	Clicks   int64     `bun:"clicks,notnull"`
	Messages int64     `bun:"messages,notnull"`
}

var sourceColumns = []string{"views", "clicks", "messages"}

// AddSourceCounts adds a card's counts from a source on a day to its row and, under
// siteSource (the same source, or "other" when the site's day is full), to the site's.
func AddSourceCounts(ctx context.Context, db bun.IDB, c SourceCount, siteSource string) error {
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := upsert(tx, tx.NewInsert().Model(&c), "card_id, day, source", nil, sourceColumns).Exec(ctx); err != nil {
			return err
		}
		s := SiteSource{Day: c.Day, Source: siteSource, Views: c.Views, Clicks: c.Clicks, Messages: c.Messages}
		_, err := upsert(tx, tx.NewInsert().Model(&s), "day, source", nil, sourceColumns).Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("models: add source counts: %w", err)
	}
	return nil
}

// SourceDay is the counts of one source on one day, summed over cards.
type SourceDay struct {
	Day      time.Time `bun:"day,type:date"`
	Source   string    `bun:"source"`
	Views    int64     `bun:"views"`
	Clicks   int64     `bun:"clicks"`
	Messages int64     `bun:"messages"`
}

// SourceScope says whose counts are read: one card's, one member's cards', or (both 0)
// the whole site's.
type SourceScope struct {
	CardID, MemberID int64
}

// SourcesByDay sums the counts per day and source since a day, within a scope. The site's
// are its own rows (site_sources), a member's are their cards' rows by the primary key:
// both a few rows per source and day, however many cards the site has.
func SourcesByDay(ctx context.Context, db bun.IDB, scope SourceScope, since time.Time) ([]SourceDay, error) {
	var out []SourceDay
	var q *bun.SelectQuery
	switch {
	case scope.CardID != 0:
		q = db.NewSelect().TableExpr("source_counts AS sc").ColumnExpr("sc.day, sc.source, sc.views, sc.clicks, sc.messages").
			Where("sc.card_id = ?", scope.CardID).Where("sc.day >= ?", since)
	case scope.MemberID != 0:
		q = db.NewSelect().TableExpr("source_counts AS sc").
			ColumnExpr("sc.day, sc.source, SUM(sc.views) AS views, SUM(sc.clicks) AS clicks, SUM(sc.messages) AS messages").
			Join("JOIN cards AS c ON c.id = sc.card_id").Where("c.member_id = ?", scope.MemberID).
			Where("sc.day >= ?", since).GroupExpr("sc.day, sc.source")
	default:
		q = db.NewSelect().TableExpr("site_sources AS ss").ColumnExpr("ss.day, ss.source, ss.views, ss.clicks, ss.messages").
			Where("ss.day >= ?", since)
	}
	if err := q.OrderExpr("day, source").Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("models: sources by day: %w", err)
	}
	return out, nil
}

// CardSourceDay is one card's counts from one source on one day, for the CSV export.
type CardSourceDay struct {
	CardID   int64     `bun:"card_id"`
	Slug     string    `bun:"slug"`
	Day      time.Time `bun:"day,type:date"`
	Source   string    `bun:"source"`
	Views    int64     `bun:"views"`
	Clicks   int64     `bun:"clicks"`
	Messages int64     `bun:"messages"`
}

// CardSourcesByDay lists the given cards' rows since a day, by card, day and source.
func CardSourcesByDay(ctx context.Context, db bun.IDB, cardIDs []int64, since time.Time) ([]CardSourceDay, error) {
	var out []CardSourceDay
	if len(cardIDs) == 0 {
		return nil, nil
	}
	q := db.NewSelect().TableExpr("source_counts AS sc").
		ColumnExpr("sc.card_id, c.slug, sc.day, sc.source, sc.views, sc.clicks, sc.messages").
		Join("JOIN cards AS c ON c.id = sc.card_id").
		Where("sc.card_id IN (?)", bun.List(cardIDs)).Where("sc.day >= ?", since).
		OrderExpr("c.slug, sc.day, sc.source")
	if err := q.Scan(ctx, &out); err != nil {
		return nil, fmt.Errorf("models: card sources by day: %w", err)
	}
	return out, nil
}

// MemberCardIDs lists a member's cards' ids.
func MemberCardIDs(ctx context.Context, db bun.IDB, memberID int64) ([]int64, error) {
	var ids []int64
	if err := db.NewSelect().TableExpr("cards").Column("id").Where("member_id = ?", memberID).OrderExpr("id").Scan(ctx, &ids); err != nil {
		return nil, fmt.Errorf("models: member card ids: %w", err)
	}
	return ids, nil
}
