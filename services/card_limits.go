package services

import (
	"context"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"sitecard/internal/validate"
	"sitecard/models"
)

// A card's bounds (validate's MaxSections and the rest) in the editor, the import and
// the public page.

// LimitProblem is a part of a card past one of its bounds: the section (1-based, 0 for the
// card itself) with its kind and the item in it (1-based, 0 for the section itself), or
// the link (1-based), the field (empty for a count) and the error, whose N is the bound.
type LimitProblem struct {
	Section int
	Kind    string
	Item    int
	Link    int
	Field   string
	Error   validate.Error
}

// LimitError is a card, or a file to import into one, past its bounds; nothing of it was
// stored. The import preview lists its problems.
type LimitError struct {
	Problems []LimitProblem
}

func (e *LimitError) Error() string { return "services: the card would pass its bounds" }

// measure is what a card's bounds count.
type measure struct {
	sections, items, links, text int
	// sectionItems is the item count of the fullest section.
	sectionItems int
}

func measureOf(c *models.Card) measure {
	m := measure{sections: len(c.Sections), links: len(c.Links)}
	for _, f := range c.ProfileFields() {
		m.text += utf8.RuneCountInString(*f)
	}
	for _, s := range c.Sections {
		m.items += len(s.Items)
		m.sectionItems = max(m.sectionItems, len(s.Items))
		m.text += utf8.RuneCountInString(s.Title) + utf8.RuneCountInString(s.TitleEn)
		for _, it := range s.Items {
			for _, v := range itemValues(it) {
				m.text += utf8.RuneCountInString(v)
			}
		}
	}
	for _, l := range c.Links {
		m.text += utf8.RuneCountInString(l.Label) + utf8.RuneCountInString(l.LabelEn) + utf8.RuneCountInString(l.URL)
	}
	return m
}

// itemValues are an item's texts by the fields of validate.Item.
func itemValues(it *models.Item) map[string]string {
	return map[string]string{"title": it.Title, "title_en": it.TitleEn, "subtitle": it.Subtitle, "subtitle_en": it.SubtitleEn,
		"period": it.Period, "detail": it.Detail, "detail_en": it.DetailEn, "url": it.URL,
		"degree": it.Degree, "degree_en": it.DegreeEn, "score": it.Score}
}

// countProblem is the first bound that after passes (and before did not pass as far),
// or the zero Error. Comparing with before lets an owner still edit a card stored past
// its bounds (before they existed), as long as the edit does not make it larger.
func countProblem(before, after measure) (validate.Error, bool) {
	for _, b := range []struct {
		before, after, bound int
		code                 string
	}{
		{before.sections, after.sections, validate.MaxSections, validate.CodeTooManySections},
		{before.sectionItems, after.sectionItems, validate.MaxSectionItems, validate.CodeTooManyItems},
		{before.items, after.items, validate.MaxCardItems, validate.CodeCardItemsFull},
		{before.links, after.links, validate.MaxLinks, validate.CodeTooManyLinks},
		{before.text, after.text, validate.MaxCardText, validate.CodeCardTextFull},
	} {
		if b.after > b.bound && b.after > b.before {
			return validate.Error{Code: b.code, N: b.bound}, true
		}
	}
	return validate.Error{}, false
}

// fits loads card id in tx, applies change to it in memory and refuses the change if it
// takes the card past one of its bounds: a count as an error on countField, the card's
// text as an error on the longest of values (the form's), where the owner can shorten it.
func fits(ctx context.Context, tx bun.IDB, id int64, countField string, values map[string]string, change func(c *models.Card)) error {
	c, err := models.CardWithContent(ctx, tx, id)
	if err != nil {
		return err
	}
	before := measureOf(c)
	change(c)
	e, past := countProblem(before, measureOf(c))
	if !past {
		return nil
	}
	field := countField
	if e.Code == validate.CodeCardTextFull && len(values) > 0 {
		field = longestField(values)
	}
	return fieldError(field, e.Code, e.N)
}

// longestField is the field of values with the most characters (the first by name among
// equals).
func longestField(values map[string]string) string {
	best, n := "", -1
	for _, f := range slices.Sorted(maps.Keys(values)) {
		if k := utf8.RuneCountInString(values[f]); k > n {
			best, n = f, k
		}
	}
	return best
}

// ImportLimits lists what of content (a file read for import) would pass a bound: each
// field longer than the editor allows it, and the counts and text of the card it would
// make, on its own or, with into, added to that card (or instead of its sections and
// links, with replace). Nothing is cut: a file past a bound is refused whole.
func ImportLimits(content, into *models.Card, replace bool) []LimitProblem {
	var out []LimitProblem
	tooLong := func(p LimitProblem, form validate.Form, values map[string]string) {
		for _, field := range form.Fields() {
			if r := form[field]; r.MaxLen > 0 && utf8.RuneCountInString(values[field]) > r.MaxLen {
				p.Field, p.Error = field, validate.Error{Code: validate.CodeTooLong, N: r.MaxLen}
				out = append(out, p)
			}
		}
	}
	if into == nil { // a new card takes the file's profile; an import into one keeps its own
		profile := map[string]string{}
		for name, f := range content.ProfileFields() {
			profile[name] = *f
		}
		tooLong(LimitProblem{}, validate.CardProfile(), profile)
	}
	for i, s := range content.Sections {
		place := LimitProblem{Section: i + 1, Kind: s.Kind}
		tooLong(place, validate.Section(), map[string]string{"title": s.Title, "title_en": s.TitleEn})
		if len(s.Items) > validate.MaxSectionItems {
			p := place
			p.Error = validate.Error{Code: validate.CodeTooManyItems, N: validate.MaxSectionItems}
			out = append(out, p)
		}
		for j, it := range s.Items {
			p := place
			p.Item = j + 1
			tooLong(p, validate.Item(), itemValues(it))
		}
	}
	for i, l := range content.Links {
		tooLong(LimitProblem{Link: i + 1}, validate.Link(), map[string]string{"label": l.Label, "label_en": l.LabelEn, "url": l.URL})
	}
	card := *content
	if into != nil {
		card = *into
		if replace {
			card.Sections, card.Links = nil, nil
		}
		card.Sections = append(append([]*models.Section(nil), card.Sections...), content.Sections...)
		card.Links = append(append([]*models.Link(nil), card.Links...), content.Links...)
	}
	m := measureOf(&card)
	// The fullest section was reported above, with its place.
	m.sectionItems = 0
	if e, past := countProblem(measure{}, m); past {
		out = append(out, LimitProblem{Error: e})
	}
	return out
}

// bounded is the card cut to its bounds, for drawing: a card stored past them (before
// they existed, or restored from a file) still draws in bounded time and memory. Each
// field keeps its form's length, and text stops at MaxCardText. c is not changed.
func bounded(c *models.Card) *models.Card {
	out := *c
	budget := validate.MaxCardText
	cut := func(dst *string, n int) {
		*dst = prefix(*dst, min(n, max(budget, 0)))
		budget -= utf8.RuneCountInString(*dst)
	}
	profile, fields := validate.CardProfile(), out.ProfileFields()
	for _, name := range profile.Fields() { // in a fixed order, so that a cut card always draws alike
		cut(fields[name], profile[name].MaxLen)
	}
	section, item, link := validate.Section(), validate.Item(), validate.Link()
	out.Sections = nil
	items := 0
	for _, s := range c.Sections {
		if len(out.Sections) == validate.MaxSections || items == validate.MaxCardItems || budget <= 0 {
			break
		}
		cs := *s
		cut(&cs.Title, section["title"].MaxLen)
		cut(&cs.TitleEn, section["title_en"].MaxLen)
		cs.Items = nil
		for _, it := range s.Items {
			if len(cs.Items) == validate.MaxSectionItems || items == validate.MaxCardItems || budget <= 0 {
				break
			}
			ci := *it
			for _, f := range []struct {
				dst  *string
				name string
			}{{&ci.Title, "title"}, {&ci.TitleEn, "title_en"}, {&ci.Subtitle, "subtitle"}, {&ci.SubtitleEn, "subtitle_en"},
				{&ci.Period, "period"}, {&ci.Detail, "detail"}, {&ci.DetailEn, "detail_en"},
				{&ci.Degree, "degree"}, {&ci.DegreeEn, "degree_en"}, {&ci.Score, "score"}} {
				cut(f.dst, item[f.name].MaxLen)
			}
			ci.URL = whole(ci.URL, item["url"].MaxLen, &budget)
			cs.Items = append(cs.Items, &ci)
			items++
		}
		out.Sections = append(out.Sections, &cs)
	}
	out.Links = nil
	for _, l := range c.Links {
		if len(out.Links) == validate.MaxLinks || budget <= 0 {
			break
		}
		cl := *l
		if cl.URL = whole(l.URL, link["url"].MaxLen, &budget); cl.URL == "" {
			continue
		}
		cut(&cl.Label, link["label"].MaxLen)
		cut(&cl.LabelEn, link["label_en"].MaxLen)
		out.Links = append(out.Links, &cl)
	}
	return &out
}

// whole is an address kept whole or not at all (a cut one leads nowhere): kept if it is
// at most n characters and fits in what is left of the budget, which it then takes from.
func whole(url string, n int, budget *int) string {
	k := utf8.RuneCountInString(url)
	if k > n || k > *budget {
		return ""
	}
	*budget -= k
	return url
}

// prefix is s's first n characters, found without copying s (which may be huge).
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
