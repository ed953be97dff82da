// Package services holds sitecard's business rules. It knows nothing of HTTP.
package services

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/budget"
	"sitecard/internal/i18n"
	"sitecard/internal/validate"
	"sitecard/models"
)

// Invalidator is told whenever card content changes, so rendered pages can be dropped.
type Invalidator interface {
	Purge()
}

// Invalidators tells each of its invalidators.
type Invalidators []Invalidator

// Purge purges each.
func (is Invalidators) Purge() {
	for _, i := range is {
		i.Purge()
	}
}

// Cards reads and changes cards.
type Cards struct {
	db       bun.IDB
	cache    Invalidator
	readPDF  PDFReader
	now      func() time.Time
	onChange []func(cardID int64)
	// budget bounds the memory of the photos decoded at once (shared with the password
	// hashes); an upload waits at most decodeWait for its share.
	budget     *budget.Budget
	decodeWait time.Duration
}

// ErrImagesBusy means too many photos are being decoded at once: try again in a moment.
var ErrImagesBusy = fail(TooMany, "", "too many photos at once")

// CardsDeps is what the card service is made of.
type CardsDeps struct {
	DB bun.IDB
	// Cache is purged on every change (rendered pages, drawn files); nil: none.
	Cache Invalidator
	// ReadPDF reads uploaded résumés.
	ReadPDF PDFReader
	// Budget bounds the memory of the photos decoded at once (shared with the password
	// hashes; nil: a budget of its own); an upload waits at most DecodeWait (0:
	// PhotoWait) for its share before ErrImagesBusy.
	Budget     *budget.Budget
	DecodeWait time.Duration
	Now        func() time.Time // nil: the wall clock
	// OnChange is told, after the commit, that a card changed (or was created or
	// deleted), in order: the chatbot re-indexes it and drops its cache.
	OnChange []func(cardID int64)
}

// NewCards returns the card service.
func NewCards(d CardsDeps) *Cards {
	s := &Cards{db: d.DB, cache: d.Cache, readPDF: d.ReadPDF, now: orNow(d.Now), budget: d.Budget, decodeWait: d.DecodeWait,
		onChange: append([]func(int64){}, d.OnChange...)}
	if s.budget == nil {
		s.budget = budget.New(budget.Default)
	}
	if s.decodeWait <= 0 {
		s.decodeWait = PhotoWait
	}
	return s
}

// PhotoWait is how long a photo upload waits for memory to decode in before it is told
// to try again; a request's deadline has this time on top.
const PhotoWait = 5 * time.Second

// Primary returns the card shown at /.
func (s *Cards) Primary(ctx context.Context) (*models.Card, error) {
	c, err := models.PrimaryCard(ctx, s.db)
	return visible(c, err)
}

// BySlug returns a published card.
func (s *Cards) BySlug(ctx context.Context, slug string) (*models.Card, error) {
	slug, ok := validate.CardSlug(slug)
	if !ok {
		return nil, models.ErrNotFound
	}
	c, err := models.PublishedCardBySlug(ctx, s.db, slug)
	return visible(c, err)
}

// Published lists the public cards for the sitemap.
func (s *Cards) Published(ctx context.Context, offset, limit int) ([]models.Card, error) {
	return models.PublishedCards(ctx, s.db, offset, limit)
}

// CountPublished returns how many cards are published.
func (s *Cards) CountPublished(ctx context.Context) (int, error) {
	return models.CountPublished(ctx, s.db)
}

// Version changes whenever any card changes on any instance.
func (s *Cards) Version(ctx context.Context) (string, error) {
	return models.ContentVersion(ctx, s.db)
}

// visible maps a lookup's result to what visitors see.
func visible(c *models.Card, err error) (*models.Card, error) {
	if err != nil {
		return nil, err
	}
	return Visible(c), nil
}

// Visible returns a copy of the card without its hidden sections, items and links, and
// without sections left empty, cut to the card's bounds (a card stored past them still
// draws in bounded time and memory). The card passed in is not changed, so the editor can
// show both from one load.
func Visible(c *models.Card) *models.Card {
	out := *c
	out.Sections, out.Links = nil, nil
	for _, sec := range c.Sections {
		if sec.Hidden {
			continue
		}
		cp := *sec
		cp.Items = nil
		for _, it := range sec.Items {
			if !it.Hidden {
				cp.Items = append(cp.Items, it)
			}
		}
		if len(cp.Items) > 0 {
			out.Sections = append(out.Sections, &cp)
		}
	}
	for _, l := range c.Links {
		if !l.Hidden {
			out.Links = append(out.Links, l)
		}
	}
	return bounded(&out)
}

// SeedDemo stores the demo card when the database holds no card at all, and reports
// whether it did. Running it on every start is safe.
func (s *Cards) SeedDemo(ctx context.Context) (bool, error) {
	n, err := models.CountCards(ctx, s.db)
	if err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	card := DemoCard(s.now().UTC())
	err = s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return models.InsertCard(ctx, tx, card)
	})
	if err != nil {
		return false, fmt.Errorf("services: seed demo card: %w", err)
	}
	s.changed(card.ID)
	return true, nil
}

// changed drops the rendered pages and tells the listeners that card id changed.
func (s *Cards) changed(id int64) {
	if s.cache != nil {
		s.cache.Purge()
	}
	for _, fn := range s.onChange {
		fn(id)
	}
}

// Preview returns the card as visitors would see it, published or not, if actor owns it.
func (s *Cards) Preview(ctx context.Context, actor Actor, id int64) (*models.Card, error) {
	c, err := s.Editable(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return Visible(c), nil
}

// Localize returns the card as a visitor reading lang sees it: in English, every text with
// an English version uses it, and the others keep their Korean. The card passed in is not
// changed. Names and job titles are the page's to choose (it shows both).
func Localize(c *models.Card, lang string) *models.Card {
	if lang != i18n.English {
		if c.Summary == "" && c.SummaryEn != "" {
			// A summary written only in English is still the card's summary.
			out := *c
			out.Summary = c.SummaryEn
			return &out
		}
		return c
	}
	en := func(ko, en string) string {
		if en != "" {
			return en
		}
		return ko
	}
	out := *c
	out.Summary = en(c.Summary, c.SummaryEn)
	out.Sections = make([]*models.Section, len(c.Sections))
	for i, s := range c.Sections {
		cp := *s
		cp.Title = en(s.Title, s.TitleEn)
		cp.Items = make([]*models.Item, len(s.Items))
		for j, it := range s.Items {
			ic := *it
			ic.Title, ic.Subtitle, ic.Detail = en(it.Title, it.TitleEn), en(it.Subtitle, it.SubtitleEn), en(it.Detail, it.DetailEn)
			ic.Degree = en(it.Degree, it.DegreeEn)
			cp.Items[j] = &ic
		}
		out.Sections[i] = &cp
	}
	out.Links = make([]*models.Link, len(c.Links))
	for i, l := range c.Links {
		lc := *l
		lc.Label = en(l.Label, l.LabelEn)
		out.Links[i] = &lc
	}
	return &out
}
