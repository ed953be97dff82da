package services

import (
	"strings"
	"testing"
	"unicode/utf8"

	"sitecard/internal/validate"
	"sitecard/models"
)

// However large and whatever it holds, a card cut by bounded is within every bound (counts,
// lengths and the card's text, addresses included), each of its texts a prefix of the
// stored one (valid UTF-8 stays valid), and a card within its bounds comes out as it went in.
func FuzzBounded(f *testing.F) {
	f.Add("홍길동", 3, 2, 1, 10)
	f.Add("&<>\"'", 40, 150, 60, 3000)
	f.Add("a\xffb", 1, 1, 1, 1)
	f.Fuzz(func(t *testing.T, text string, sections, items, links, repeat int) {
		sections, items, links, repeat = abs(sections)%45, abs(items)%160, abs(links)%70, abs(repeat)%3000
		long := strings.Repeat(text, repeat)
		c := &models.Card{NameKo: long, Summary: long, SummaryEn: text}
		for range sections {
			s := &models.Section{Kind: "work", Title: long}
			for range items {
				s.Items = append(s.Items, &models.Item{Title: text, Detail: long, URL: "https://example.com/" + text})
			}
			c.Sections = append(c.Sections, s)
		}
		for range links {
			c.Links = append(c.Links, &models.Link{Label: long, URL: "https://example.com/" + text})
		}
		out := bounded(c)
		m := measureOf(out)
		if m.sections > validate.MaxSections || m.sectionItems > validate.MaxSectionItems || m.items > validate.MaxCardItems ||
			m.links > validate.MaxLinks {
			t.Fatalf("past the bounds: %+v", m)
		}
		if ps := ImportLimits(out, nil, false); len(ps) > 0 {
			t.Fatalf("past a bound: %+v", ps[0])
		}
		if !strings.HasPrefix(c.NameKo, out.NameKo) || utf8.ValidString(c.NameKo) && !utf8.ValidString(out.NameKo) {
			t.Fatalf("the name is not a prefix of the stored one")
		}
		if ImportLimits(c, nil, false) == nil && measureOf(out) != measureOf(c) {
			t.Fatalf("a card within its bounds was cut: %+v → %+v", measureOf(c), measureOf(out))
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
