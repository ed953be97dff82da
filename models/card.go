package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/validate"
)

// Which résumé a card links: the choices are defined once, with the rule that accepts
// them, in validate.
const (
	ResumeBoth      = validate.ResumeBoth
	ResumeGenerated = validate.ResumeGenerated
	ResumeUploaded  = validate.ResumeUploaded
)

// Section kinds a card can hold: defined once, with the rule that accepts them, in
// validate (validate.SectionKinds lists them).
const (
	SectionSkills    = validate.SectionSkills
	SectionLicense   = validate.SectionLicense
	SectionWork      = validate.SectionWork
	SectionEducation = validate.SectionEducation
	SectionAwards    = validate.SectionAwards
	SectionProjects  = validate.SectionProjects
	SectionLanguages = validate.SectionLanguages
)

// Card is one published business card.
type Card struct {
	bun.BaseModel `bun:"table:cards"`

	ID         int64  `bun:"id,pk,autoincrement"`
	MemberID   *int64 `bun:"member_id"`
	Slug       string `bun:"slug,notnull"`
	IsPrimary  bool   `bun:"is_primary,notnull"`
	Published  bool   `bun:"published,notnull"`
	IsDemo     bool   `bun:"is_demo,notnull"`
	NameKo     string `bun:"name_ko,notnull"`
	NameEn     string `bun:"name_en,notnull"`
	JobTitle   string `bun:"job_title,notnull"`
	JobTitleEn string `bun:"job_title_en,notnull"`
	Email      string `bun:"email,notnull"`
	Phone      string `bun:"phone,notnull"`
	Site       string `bun:"site,notnull"`
	Summary    string `bun:"summary,notnull"`
	SummaryEn  string `bun:"summary_en,notnull"`
	PhotoPath  string `bun:"photo_path,notnull"`
	ResumePath string `bun:"resume_path,notnull"`
	// ResumeLinks says which résumé the card links: ResumeBoth, ResumeGenerated or
	// ResumeUploaded.
	ResumeLinks string `bun:"resume_links,notnull"`
	// ChatEnabled shows the "ask me" chatbot on the card.
	ChatEnabled bool      `bun:"chat_enabled,notnull"`
	CreatedAt   time.Time `bun:"created_at,notnull"`
	UpdatedAt   time.Time `bun:"updated_at,notnull"`

	Sections []*Section `bun:"rel:has-many,join:id=card_id"`
	Links    []*Link    `bun:"rel:has-many,join:id=card_id"`
}

// LinksUploadedResume reports whether the card links its uploaded résumé (when it has one).
func (c *Card) LinksUploadedResume() bool { return c.ResumeLinks != ResumeGenerated }

// LinksGeneratedResume reports whether the card links the résumé drawn from its sections.
func (c *Card) LinksGeneratedResume() bool { return c.ResumeLinks != ResumeUploaded }

// Path is the card's canonical address on the site: / for the primary card, which is
// shown there, and /c/{slug} for every other.
func (c *Card) Path() string {
	if c.IsPrimary {
		return "/"
	}
	return "/c/" + c.Slug
}

// ProfileFields maps the profile form's fields to the card's columns (they share their
// names), so the form, the editor's save and its live preview use one list.
func (c *Card) ProfileFields() map[string]*string {
	return map[string]*string{
		"name_ko": &c.NameKo, "name_en": &c.NameEn, "job_title": &c.JobTitle, "job_title_en": &c.JobTitleEn,
		"email": &c.Email, "phone": &c.Phone, "site": &c.Site, "summary": &c.Summary, "summary_en": &c.SummaryEn,
	}
}

// Section is a titled box of items on a card (skills, work, ...).
type Section struct {
	bun.BaseModel `bun:"table:card_sections"`

	ID       int64   `bun:"id,pk,autoincrement"`
	CardID   int64   `bun:"card_id,notnull"`
	Kind     string  `bun:"kind,notnull"`
	Title    string  `bun:"title,notnull"`
	TitleEn  string  `bun:"title_en,notnull"`
	Position int     `bun:"position,notnull"`
	Hidden   bool    `bun:"hidden,notnull"`
	Items    []*Item `bun:"rel:has-many,join:id=section_id"`
}

// IsSkills reports whether the section is the skills box, whose items carry a percentage.
func (s *Section) IsSkills() bool { return s.Kind == SectionSkills }

// IsEducation reports whether the section lists schools, whose items carry a degree and
// a score.
func (s *Section) IsEducation() bool { return s.Kind == SectionEducation }

// Item is one line of a section; Percent is set for skills only (a skill without one
// may give its level in words as the subtitle: "Advanced").
type Item struct {
	bun.BaseModel `bun:"table:section_items"`

	ID         int64  `bun:"id,pk,autoincrement"`
	SectionID  int64  `bun:"section_id,notnull"`
	Title      string `bun:"title,notnull"`
	TitleEn    string `bun:"title_en,notnull"`
	Subtitle   string `bun:"subtitle,notnull"`
	SubtitleEn string `bun:"subtitle_en,notnull"`
	Period     string `bun:"period,notnull"`
	Detail     string `bun:"detail,notnull"`
	DetailEn   string `bun:"detail_en,notnull"`
	// Degree and Score are an education item's degree ("석사", "Master") and its score
	// ("4.1/4.5").
	Degree   string `bun:"degree,notnull"`
	DegreeEn string `bun:"degree_en,notnull"`
	Score    string `bun:"score,notnull"`
	Percent  *int   `bun:"percent"`
	URL      string `bun:"url,notnull"`
	Position int    `bun:"position,notnull"`
	Hidden   bool   `bun:"hidden,notnull"`
}

// Link is a social or download button on a card.
type Link struct {
	bun.BaseModel `bun:"table:card_links"`

	ID       int64  `bun:"id,pk,autoincrement"`
	CardID   int64  `bun:"card_id,notnull"`
	Kind     string `bun:"kind,notnull"`
	Label    string `bun:"label,notnull"`
	LabelEn  string `bun:"label_en,notnull"`
	URL      string `bun:"url,notnull"`
	Position int    `bun:"position,notnull"`
	Hidden   bool   `bun:"hidden,notnull"`
}

// withContent loads a card's sections, items and links in display order.
func withContent(q *bun.SelectQuery) *bun.SelectQuery {
	return q.
		Relation("Sections", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("position", "id") }).
		Relation("Sections.Items", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("position", "id") }).
		Relation("Links", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("position", "id") })
}

// withBoundedContent loads a card's sections, items and links in display order, no more
// of each than a card may hold: a card stored past its bounds (before they existed, or
// restored from a file) is read for a visitor in bounded memory. Items are bounded across
// the card's sections, which one query loads.
func withBoundedContent(q *bun.SelectQuery) *bun.SelectQuery {
	return q.
		Relation("Sections", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Order("position", "id").Limit(validate.MaxSections)
		}).
		Relation("Sections.Items", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Order("position", "id").Limit(validate.MaxCardItems)
		}).
		Relation("Links", func(q *bun.SelectQuery) *bun.SelectQuery { return q.Order("position", "id").Limit(validate.MaxLinks) })
}

// PublishedCardBySlug returns a published card with its content, as far as a card's
// bounds go.
func PublishedCardBySlug(ctx context.Context, db bun.IDB, slug string) (*Card, error) {
	c := new(Card)
	err := withBoundedContent(db.NewSelect().Model(c)).Where("card.slug = ?", slug).Where("card.published = ?", true).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: card %q: %w", slug, notFound(err))
	}
	return c, nil
}

// PrimaryCard returns the site's published primary card (its content as far as a card's
// bounds go), or the oldest published card when none is marked primary, so that / always
// shows something once any card is public.
func PrimaryCard(ctx context.Context, db bun.IDB) (*Card, error) {
	c := new(Card)
	err := withBoundedContent(db.NewSelect().Model(c)).
		Where("card.published = ?", true).
		OrderExpr("card.is_primary DESC, card.id ASC").Limit(1).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: primary card: %w", notFound(err))
	}
	return c, nil
}

// PublishedCards lists a page of the published cards (without content), by ID, for the
// sitemap.
func PublishedCards(ctx context.Context, db bun.IDB, offset, limit int) ([]Card, error) {
	var cards []Card
	err := db.NewSelect().Model(&cards).Column("id", "slug", "is_primary", "updated_at").
		Where("published = ?", true).Order("id").Offset(int64(offset)).Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, fmt.Errorf("models: published cards: %w", err)
	}
	return cards, nil
}

// CountPublished returns how many cards are published.
func CountPublished(ctx context.Context, db bun.IDB) (int, error) {
	n, err := db.NewSelect().Model((*Card)(nil)).Where("published = ?", true).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: count published cards: %w", err)
	}
	return int(n), nil
}

// CountCards returns how many cards exist.
func CountCards(ctx context.Context, db bun.IDB) (int64, error) {
	n, err := db.NewSelect().Model((*Card)(nil)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("models: count cards: %w", err)
	}
	return n, nil
}

// ContentVersion summarises every card's last change. Pages cached on any instance are
// stale once it differs, which is how an edit on one instance reaches the others.
func ContentVersion(ctx context.Context, db bun.IDB) (string, error) {
	var n int
	var last string
	err := db.NewSelect().Model((*Card)(nil)).
		ColumnExpr("COUNT(*)").ColumnExpr("COALESCE(CAST(MAX(updated_at) AS CHAR), '')").
		Scan(ctx, &n, &last)
	if err != nil {
		return "", fmt.Errorf("models: content version: %w", err)
	}
	return fmt.Sprintf("%d/%s", n, last), nil
}

// InsertCard stores a card with its sections, items and links in one go.
func InsertCard(ctx context.Context, db bun.IDB, c *Card) error {
	if _, err := db.NewInsert().Model(c).Exec(ctx); err != nil {
		return fmt.Errorf("models: insert card: %w", err)
	}
	return AppendContent(ctx, db, c.ID, 0, 0, c.Sections, c.Links)
}

// AppendContent stores sections (with their items) and links on card cardID, numbered
// from the positions given.
func AppendContent(ctx context.Context, db bun.IDB, cardID int64, sectionAt, linkAt int, sections []*Section, links []*Link) error {
	for i, s := range sections {
		s.ID, s.CardID, s.Position = 0, cardID, sectionAt+i
		if _, err := db.NewInsert().Model(s).Exec(ctx); err != nil {
			return fmt.Errorf("models: insert section: %w", err)
		}
		for j, it := range s.Items {
			it.ID, it.SectionID, it.Position = 0, s.ID, j
			if _, err := db.NewInsert().Model(it).Exec(ctx); err != nil {
				return fmt.Errorf("models: insert item: %w", err)
			}
		}
	}
	for i, l := range links {
		l.ID, l.CardID, l.Position = 0, cardID, linkAt+i
		if _, err := db.NewInsert().Model(l).Exec(ctx); err != nil {
			return fmt.Errorf("models: insert link: %w", err)
		}
	}
	return nil
}

// DeleteContent removes a card's sections (their items go with them) and links.
func DeleteContent(ctx context.Context, db bun.IDB, cardID int64) error {
	if _, err := db.NewDelete().Model((*Section)(nil)).Where("card_id = ?", cardID).Exec(ctx); err != nil {
		return fmt.Errorf("models: delete sections: %w", err)
	}
	if _, err := db.NewDelete().Model((*Link)(nil)).Where("card_id = ?", cardID).Exec(ctx); err != nil {
		return fmt.Errorf("models: delete links: %w", err)
	}
	return nil
}

// AppendItems adds items to the end of a section, from position at.
func AppendItems(ctx context.Context, db bun.IDB, sectionID int64, at int, items []*Item) error {
	for j, it := range items {
		it.ID, it.SectionID, it.Position = 0, sectionID, at+j
		if _, err := db.NewInsert().Model(it).Exec(ctx); err != nil {
			return fmt.Errorf("models: insert item: %w", err)
		}
	}
	return nil
}
