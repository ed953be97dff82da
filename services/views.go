package services

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uptrace/bun"

	"sitecard/models"
)

// Views counts card views in memory and writes them out in batches, so that counting
// costs the page no database write. No cookie or identifier is involved.
type Views struct {
	db     bun.IDB
	now    func() time.Time
	counts sync.Map // card id → *atomic.Int64
	clicks sync.Map // clickKey → *atomic.Int64
	// sources counts the same per source (sources.go).
	sources sourceCounter
}

// clickKey names what was clicked on which card.
type clickKey struct {
	cardID int64
	target string
	linkID int64
}

// NewViews returns the view counter.
func NewViews(db bun.IDB) *Views { return &Views{db: db, now: time.Now} }

// IsBot reports whether a user agent is a robot rather than a person: crawlers, link
// previews and scripted clients. It runs on every page view, so it lower-cases into a
// stack buffer and searches plain substrings instead of running a case-folding regexp
// (which cost 40 µs a view).
func IsBot(userAgent string) bool {
	if userAgent == "" {
		return true
	}
	var buf [512]byte
	lower := buf[:0]
	for i := 0; i < len(userAgent) && i < len(buf); i++ {
		c := userAgent[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	for _, kw := range [...]string{"bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "headless",
		"curl", "wget", "python", "go-http", "java/", "okhttp", "httpclient", "wrk", "lighthouse", "monitor"} {
		if bytes.Contains(lower, []byte(kw)) {
			return true
		}
	}
	return false
}

// Record counts one view of a card by userAgent, unless it is a robot.
func (v *Views) Record(cardID int64, userAgent string) {
	if cardID == 0 || IsBot(userAgent) {
		return
	}
	n, ok := v.counts.Load(cardID)
	if !ok {
		n, _ = v.counts.LoadOrStore(cardID, new(atomic.Int64))
	}
	n.(*atomic.Int64).Add(1)
}

// RecordClick counts one click on a card's link (target models.ClickLink with its id) or
// button (résumé, vCard, QR code), unless a robot made it.
func (v *Views) RecordClick(cardID int64, target string, linkID int64, userAgent string) {
	if cardID == 0 || IsBot(userAgent) {
		return
	}
	k := clickKey{cardID, target, linkID}
	n, ok := v.clicks.Load(k)
	if !ok {
		n, _ = v.clicks.LoadOrStore(k, new(atomic.Int64))
	}
	n.(*atomic.Int64).Add(1)
}

// Flush adds the counted views and clicks to today's rows; the scheduler calls it.
func (v *Views) Flush(ctx context.Context) error {
	day := v.now().UTC().Truncate(24 * time.Hour)
	var firstErr error
	v.clicks.Range(func(k, val any) bool {
		n := val.(*atomic.Int64).Swap(0)
		if n == 0 {
			return true
		}
		key := k.(clickKey)
		if err := models.AddLinkClicks(ctx, v.db, models.LinkClick{CardID: key.cardID, Target: key.target, LinkID: key.linkID, Day: day, Clicks: n}); err != nil {
			val.(*atomic.Int64).Add(n) // keep them for the next flush
			if firstErr == nil {
				firstErr = err
			}
		}
		return true
	})
	v.counts.Range(func(k, val any) bool {
		n := val.(*atomic.Int64).Swap(0)
		if n == 0 {
			return true
		}
		if err := models.AddPageViews(ctx, v.db, k.(int64), day, n); err != nil {
			val.(*atomic.Int64).Add(n) // keep them for the next flush
			if firstErr == nil {
				firstErr = err
			}
		}
		return true
	})
	if err := v.flushSources(ctx, day); err != nil && firstErr == nil {
		firstErr = err
	}
	return firstErr
}

// StatsDays is how many days the dashboard's figures and chart cover.
const StatsDays = 30

// Stats are the dashboard's counts: the actor's messages, their views per day over the
// last StatsDays days (oldest first), and for the cards shown, each one's views per day
// and clicks per link over the same days.
type Stats struct {
	Messages    Count
	Undelivered Count
	// Partial counts the messages that reached some of their channels but not all.
	Partial Count
	Days    []time.Time
	Total   []int64
	Daily   map[int64][]int64
	Clicks  map[int64][]models.ClickTotal
}

// Stats returns the dashboard counts for the actor's cards and messages, with the figures
// of each of cardIDs (the page of cards shown). Every sum is made by the database, over
// indexed ranges: the dashboard of a site of 10,000 cards reads a few hundred rows.
func (v *Views) Stats(ctx context.Context, actor Actor, cardIDs []int64) (*Stats, error) {
	st := &Stats{Daily: map[int64][]int64{}, Clicks: map[int64][]models.ClickTotal{}, Total: make([]int64, StatsDays)}
	for _, c := range []struct {
		dst         *Count
		undelivered bool
	}{{&st.Messages, false}, {&st.Undelivered, true}} {
		n, err := models.CountMessages(ctx, v.db, actor.scope(), c.undelivered, countLimit)
		if err != nil {
			return nil, err
		}
		*c.dst = capped(n)
	}
	n, err := models.CountMessagesIn(ctx, v.db, models.MessageFilter{MemberID: actor.scope(), State: models.MessagePartial}, countLimit)
	if err != nil {
		return nil, err
	}
	st.Partial = capped(n)
	today := v.now().UTC().Truncate(24 * time.Hour)
	since := today.AddDate(0, 0, -(StatsDays - 1))
	index := map[string]int{}
	for i := range StatsDays {
		d := since.AddDate(0, 0, i)
		st.Days = append(st.Days, d)
		index[d.Format(time.DateOnly)] = i
	}
	totals, err := models.ViewsPerDay(ctx, v.db, actor.scope(), since)
	if err != nil {
		return nil, err
	}
	for _, t := range totals {
		if i, ok := index[t.Day.UTC().Format(time.DateOnly)]; ok {
			st.Total[i] += t.Views
		}
	}
	days, err := models.ViewsByDay(ctx, v.db, cardIDs, since)
	if err != nil {
		return nil, err
	}
	for _, pv := range days {
		i, ok := index[pv.Day.UTC().Format(time.DateOnly)]
		if !ok {
			continue
		}
		if st.Daily[pv.CardID] == nil {
			st.Daily[pv.CardID] = make([]int64, StatsDays)
		}
		st.Daily[pv.CardID][i] += pv.Views
	}
	clicks, err := models.ClicksSince(ctx, v.db, cardIDs, since)
	if err != nil {
		return nil, err
	}
	for _, c := range clicks {
		st.Clicks[c.CardID] = append(st.Clicks[c.CardID], c)
	}
	return st, nil
}
