package services

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"sitecard/models"
)

// The sources a card's share paths carry in their address (?src=), and the names given to
// views that carry none.
const (
	SourceDirect     = "direct"     // typed, bookmarked, or from the site itself
	SourceOther      = "other"      // a source past the day's bound, or one that is not a name
	SourceQR         = "qr"         // qr.svg, the card's QR code
	SourceContactQR  = "qr-contact" // the URL inside the contact QR code's vCard
	SourceNFC        = "nfc"        // the link the editor offers for an NFC tag
	SourceSignature  = "sig"        // the email signature
	SourcePrint      = "print"      // the printed card sheet (cards.pdf)
	SourceBackground = "background" // the video-call background
	SourceShare      = "share"      // the share image's page (og:url), as messengers link it
	// AppPrefix and RefPrefix begin a messenger's in-app browser ("app:kakaotalk") and
	// another site's host ("ref:news.example.com").
	AppPrefix = "app:"
	RefPrefix = "ref:"
)

// Bounds on what an anonymous visitor can make the counters keep: a source's length, and
// per card and day (and for the whole site per day) how many sources besides the site's
// own; the rest are counted as SourceOther.
const (
	MaxSourceLen       = 32
	MaxHostLen         = 64
	MaxSourcesPerCard  = 20
	MaxSourcesPerSite  = 500
	siteSourcesCounter = 0 // the card id under which the site's own bound is kept
)

// builtinSources are always counted under their own name: the site's share paths and
// the in-app browsers it knows.
var builtinSources = map[string]bool{
	SourceDirect: true, SourceOther: true, SourceQR: true, SourceContactQR: true, SourceNFC: true,
	SourceSignature: true, SourcePrint: true, SourceBackground: true, SourceShare: true,
	AppPrefix + "kakaotalk": true, AppPrefix + "instagram": true, AppPrefix + "facebook": true,
	AppPrefix + "line": true, AppPrefix + "naver": true,
}

// IsBuiltinSource reports whether a source is one of the site's own names.
func IsBuiltinSource(s string) bool { return builtinSources[s] }

// Visit is what a request tells about where a visitor came from.
type Visit struct {
	// Src is the address's ?src=, Referer the Referer header, UserAgent the browser's.
	Src, Referer, UserAgent string
	// OwnHost is BASE_URL's host: a referrer from it is the site itself.
	OwnHost string
}

// SourceOf names the source of a visit: the address's ?src= first (the share path the
// visitor followed), then a messenger's in-app browser, then another site's host, else
// direct. The result never points into the request's buffers.
func SourceOf(v Visit) string {
	if v.Src != "" {
		return cleanName(v.Src, MaxSourceLen, "-_.")
	}
	if app := InAppName(v.UserAgent); app != "" {
		return AppPrefix + app
	}
	if u, err := url.Parse(v.Referer); err == nil && u.Host != "" && !strings.EqualFold(u.Host, v.OwnHost) {
		name := cleanName(u.Hostname(), MaxHostLen, "-.")
		if name == SourceOther {
			return SourceOther
		}
		return RefPrefix + strings.TrimPrefix(name, "www.")
	}
	return SourceDirect
}

// PageSource is the source of a request made from one of the site's pages (a click's
// ping, a form's post): the page's own ?src= when the Referer is the site's (the page's
// address, which same-origin requests carry), else the in-app browser, else direct. An
// outside referrer was the page view's; the click is counted as direct.
func PageSource(referer, userAgent, ownHost string) string {
	if u, err := url.Parse(referer); err == nil && strings.EqualFold(u.Host, ownHost) {
		if src := u.Query().Get("src"); src != "" {
			return cleanName(src, MaxSourceLen, "-_.")
		}
	}
	if app := InAppName(userAgent); app != "" {
		return AppPrefix + app
	}
	return SourceDirect
}

// InAppName names a messenger's in-app browser from its user agent, or "".
func InAppName(ua string) string {
	switch {
	case strings.Contains(ua, "KAKAOTALK"):
		return "kakaotalk"
	case strings.Contains(ua, "Instagram"):
		return "instagram"
	case strings.Contains(ua, "FBAN"), strings.Contains(ua, "FBAV"):
		return "facebook"
	case strings.Contains(ua, " Line/"):
		return "line"
	case strings.Contains(ua, "NAVER(inapp"):
		return "naver"
	}
	return ""
}

// cleanName lower-cases a name and keeps it only if it is short and made of ASCII letters,
// digits and the given punctuation; anything else is SourceOther. It always returns a
// new string (or a constant).
func cleanName(s string, maxLen int, punct string) string {
	if len(s) == 0 || len(s) > maxLen {
		return SourceOther
	}
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case strings.IndexByte(punct, c) >= 0:
		default:
			return SourceOther
		}
		b[i] = c
	}
	return string(b)
}

// What a source count counts.
const (
	countView = iota
	countClick
	countMessage
)

type sourceKey struct {
	cardID int64
	source string
	kind   int
}

// sourceCounter counts views, clicks and messages per card and source in memory, with the
// day's bound on distinct sources per card and for the site.
type sourceCounter struct {
	counts sync.Map // sourceKey → *atomic.Int64
	mu     sync.Mutex
	day    time.Time
	seen   map[int64]map[string]bool // card id (0: the site) → the day's sources
}

// admit returns the source under which a card's count is kept today: itself while the
// card has fewer than MaxSourcesPerCard of its own, else SourceOther. The bound holds for
// one process's day; a restart may admit up to as many again.
func (s *sourceCounter) admit(day time.Time, cardID int64, source string, limit int) string {
	if builtinSources[source] {
		return source
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.day.Equal(day) || s.seen == nil {
		s.day, s.seen = day, map[int64]map[string]bool{}
	}
	set := s.seen[cardID]
	if set == nil {
		set = map[string]bool{}
		s.seen[cardID] = set
	}
	if set[source] {
		return source
	}
	if len(set) >= limit {
		return SourceOther
	}
	set[source] = true
	return source
}

func (s *sourceCounter) add(k sourceKey) {
	n, ok := s.counts.Load(k)
	if !ok {
		n, _ = s.counts.LoadOrStore(k, new(atomic.Int64))
	}
	n.(*atomic.Int64).Add(1)
}

// RecordSource counts a card's view from a source, unless a robot made it.
func (v *Views) RecordSource(cardID int64, source, userAgent string) {
	v.recordSource(cardID, source, userAgent, countView)
}

// RecordClickSource counts a click on a card made from a page of a source.
func (v *Views) RecordClickSource(cardID int64, source, userAgent string) {
	v.recordSource(cardID, source, userAgent, countClick)
}

// RecordMessageSource counts a message sent to a card from a page of a source.
func (v *Views) RecordMessageSource(cardID int64, source string) {
	v.recordSource(cardID, source, "", countMessage)
}

func (v *Views) recordSource(cardID int64, source, userAgent string, kind int) {
	if cardID == 0 || kind != countMessage && IsBot(userAgent) {
		return
	}
	day := v.now().UTC().Truncate(24 * time.Hour)
	source = v.sources.admit(day, cardID, source, MaxSourcesPerCard)
	v.sources.add(sourceKey{cardID, source, kind})
}

// flushSources adds the counted sources to the day's rows.
func (v *Views) flushSources(ctx context.Context, day time.Time) error {
	rows := map[[2]any]*models.SourceCount{}
	taken := map[sourceKey]int64{}
	v.sources.counts.Range(func(k, val any) bool {
		n := val.(*atomic.Int64).Swap(0)
		if n == 0 {
			return true
		}
		key := k.(sourceKey)
		taken[key] = n
		id := [2]any{key.cardID, key.source}
		r := rows[id]
		if r == nil {
			r = &models.SourceCount{CardID: key.cardID, Day: day, Source: key.source}
			rows[id] = r
		}
		switch key.kind {
		case countView:
			r.Views += n
		case countClick:
			r.Clicks += n
		case countMessage:
			r.Messages += n
		}
		return true
	})
	var firstErr error
	for _, r := range rows {
		site := v.sources.admit(day, siteSourcesCounter, r.Source, MaxSourcesPerSite)
		if err := models.AddSourceCounts(ctx, v.db, *r, site); err != nil {
			// Keep them for the next flush.
			for k, n := range taken {
				if k.cardID == r.CardID && k.source == r.Source {
					if val, ok := v.sources.counts.Load(k); ok {
						val.(*atomic.Int64).Add(n)
					}
				}
			}
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	return firstErr
}

// SourceSpan returns the span of days asked for, one of 7, 30 or 90 (30 otherwise).
func SourceSpan(days int) int {
	for _, d := range [...]int{7, 30, 90} {
		if d == days {
			return d
		}
	}
	return 30
}

// SourceStats are one scope's counts per source over a span of days.
type SourceStats struct {
	Days []time.Time
	// Sources are every source's totals, most viewed first; Daily their views per day.
	Sources []SourceTotal
	Daily   map[string][]int64
}

// SourceTotal is one source's totals over the span.
type SourceTotal struct {
	Source                  string
	Views, Clicks, Messages int64
}

// SourceStats returns a scope's counts per source over the last days days (7, 30 or 90).
// The caller has checked the actor may read the scope.
func (v *Views) SourceStats(ctx context.Context, scope models.SourceScope, days int) (*SourceStats, error) {
	days = SourceSpan(days)
	today := v.now().UTC().Truncate(24 * time.Hour)
	since := today.AddDate(0, 0, -(days - 1))
	st := &SourceStats{Daily: map[string][]int64{}}
	index := map[string]int{}
	for i := range days {
		d := since.AddDate(0, 0, i)
		st.Days = append(st.Days, d)
		index[d.Format(time.DateOnly)] = i
	}
	rows, err := models.SourcesByDay(ctx, v.db, scope, since)
	if err != nil {
		return nil, err
	}
	totals := map[string]*SourceTotal{}
	for _, r := range rows {
		t := totals[r.Source]
		if t == nil {
			t = &SourceTotal{Source: r.Source}
			totals[r.Source] = t
			st.Daily[r.Source] = make([]int64, days)
		}
		t.Views += r.Views
		t.Clicks += r.Clicks
		t.Messages += r.Messages
		if i, ok := index[r.Day.UTC().Format(time.DateOnly)]; ok {
			st.Daily[r.Source][i] += r.Views
		}
	}
	for _, t := range totals {
		st.Sources = append(st.Sources, *t)
	}
	sortSources(st.Sources)
	return st, nil
}

func sortSources(s []SourceTotal) {
	// Most viewed first, then by name, so that the page is the same on every load.
	slices.SortFunc(s, func(a, b SourceTotal) int {
		if c := cmp.Compare(b.Views, a.Views); c != 0 {
			return c
		}
		return strings.Compare(a.Source, b.Source)
	})
}

// SourceScope returns the counts the actor may read: one card's (their own, any for an
// admin), or with cardID 0 their own cards', or the whole site's for an admin who asks.
func (v *Views) SourceScope(ctx context.Context, actor Actor, cardID int64, site bool) (models.SourceScope, error) {
	switch {
	case cardID != 0:
		owner, err := models.CardOwner(ctx, v.db, cardID)
		if err != nil {
			return models.SourceScope{}, err
		}
		if !actor.owns(owner) {
			return models.SourceScope{}, ErrForbidden
		}
		return models.SourceScope{CardID: cardID}, nil
	case site && actor.Admin:
		return models.SourceScope{}, nil
	}
	return models.SourceScope{MemberID: actor.ID}, nil
}

// SourceExport is what the CSV export holds: views per day and source, clicks per target
// and messages per day, of each card in the scope.
type SourceExport struct {
	Days   []models.CardSourceDay
	Clicks []models.ClickTotal
	Slugs  map[int64]string
}

// Export returns a card's or a member's cards' counts over the last days days. The
// site's scope exports the actor's own cards: the export is of cards one owns.
func (v *Views) Export(ctx context.Context, actor Actor, scope models.SourceScope, days int) (*SourceExport, error) {
	since := v.now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -(SourceSpan(days) - 1))
	ids := []int64{scope.CardID}
	if scope.CardID == 0 {
		var err error
		if ids, err = models.MemberCardIDs(ctx, v.db, actor.ID); err != nil {
			return nil, err
		}
	}
	out := &SourceExport{Slugs: map[int64]string{}}
	var err error
	if out.Days, err = models.CardSourcesByDay(ctx, v.db, ids, since); err != nil {
		return nil, err
	}
	if out.Clicks, err = models.ClicksSince(ctx, v.db, ids, since); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if slug, err := models.CardSlug(ctx, v.db, id); err == nil {
			out.Slugs[id] = slug
		}
	}
	return out, nil
}
