package jsonresume

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"sitecard/models"
)

// Resume is the part of the JSON Resume schema a card fills.
type Resume struct {
	Schema       string        `json:"$schema"`
	Basics       Basics        `json:"basics"`
	Work         []Work        `json:"work"`
	Education    []Education   `json:"education"`
	Certificates []Certificate `json:"certificates"`
	Awards       []Award       `json:"awards"`
	Skills       []Skill       `json:"skills"`
	Projects     []Project     `json:"projects"`
	Languages    []Language    `json:"languages"`
	Meta         Meta          `json:"meta"`
}

// Basics is who the card is about.
type Basics struct {
	Name     string    `json:"name"`
	Label    string    `json:"label,omitempty"`
	Image    string    `json:"image,omitempty"`
	Email    string    `json:"email,omitempty"`
	Phone    string    `json:"phone,omitempty"`
	URL      string    `json:"url,omitempty"`
	Summary  string    `json:"summary,omitempty"`
	Profiles []Profile `json:"profiles"`
}

// Profile is one of the card's links.
type Profile struct {
	Network  string `json:"network"`
	Username string `json:"username,omitempty"`
	URL      string `json:"url"`
}

// Work is a job; its highlights are the achievements, one line each.
type Work struct {
	Name       string   `json:"name"`
	Position   string   `json:"position,omitempty"`
	URL        string   `json:"url,omitempty"`
	StartDate  string   `json:"startDate,omitempty"`
	EndDate    string   `json:"endDate,omitempty"`
	Summary    string   `json:"summary,omitempty"`
	Highlights []string `json:"highlights,omitempty"`
}

// Education is a school: the degree is the schema's studyType ("Master").
type Education struct {
	Institution string   `json:"institution"`
	Area        string   `json:"area,omitempty"`
	StudyType   string   `json:"studyType,omitempty"`
	URL         string   `json:"url,omitempty"`
	StartDate   string   `json:"startDate,omitempty"`
	EndDate     string   `json:"endDate,omitempty"`
	Score       string   `json:"score,omitempty"`
	Courses     []string `json:"courses,omitempty"`
}

// Certificate is a licence.
type Certificate struct {
	Name   string `json:"name"`
	Date   string `json:"date,omitempty"`
	Issuer string `json:"issuer,omitempty"`
	URL    string `json:"url,omitempty"`
}

// Award is a prize.
type Award struct {
	Title   string `json:"title"`
	Date    string `json:"date,omitempty"`
	Awarder string `json:"awarder,omitempty"`
	Summary string `json:"summary,omitempty"`
}

// Skill is a skill, its level a percentage when the card gives one, or words ("Master").
type Skill struct {
	Name  string `json:"name"`
	Level string `json:"level,omitempty"`
}

// Project is a project.
type Project struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Highlights  []string `json:"highlights,omitempty"`
	URL         string   `json:"url,omitempty"`
	StartDate   string   `json:"startDate,omitempty"`
	EndDate     string   `json:"endDate,omitempty"`
}

// Language is a language the owner speaks, from the card's languages section.
type Language struct {
	Language string `json:"language"`
	Fluency  string `json:"fluency,omitempty"`
}

// Meta says where the résumé lives and when it changed.
type Meta struct {
	Canonical    string `json:"canonical"`
	Version      string `json:"version"`
	LastModified string `json:"lastModified"`
}

// Options are what the card does not hold: its addresses and its links' services.
type Options struct {
	Canonical string // the résumé's own address
	CardURL   string // the card's page
	PhotoURL  string // absolute, or ""
	// Network names a link's service ("LinkedIn").
	Network func(l *models.Link) string
}

// SchemaURL is the schema the document names.
const SchemaURL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"

// Build writes a card, already in the language wanted (services.Localize), as a résumé.
func Build(c *models.Card, o Options) Resume {
	r := Resume{Schema: SchemaURL, Basics: Basics{Name: c.NameKo, Label: c.JobTitle, Image: o.PhotoURL, Email: c.Email,
		Phone: c.Phone, URL: c.Site, Summary: c.Summary, Profiles: []Profile{}},
		Work: []Work{}, Education: []Education{}, Certificates: []Certificate{}, Awards: []Award{}, Skills: []Skill{},
		Projects: []Project{}, Languages: []Language{},
		Meta: Meta{Canonical: o.Canonical, Version: "v1.0.0", LastModified: c.UpdatedAt.UTC().Format(time.RFC3339)}}
	if r.Basics.URL == "" {
		r.Basics.URL = o.CardURL
	}
	for _, l := range c.Links {
		r.Basics.Profiles = append(r.Basics.Profiles, Profile{Network: o.Network(l), Username: username(l.URL), URL: l.URL})
	}
	for _, s := range c.Sections {
		for _, it := range s.Items {
			start, end := dates(it.Period)
			switch s.Kind {
			case models.SectionWork:
				summary, highlights := splitDetail(it.Detail)
				r.Work = append(r.Work, Work{Name: it.Title, Position: it.Subtitle, URL: it.URL, StartDate: start, EndDate: end,
					Summary: summary, Highlights: highlights})
			case models.SectionEducation:
				summary, courses := splitDetail(it.Detail)
				if summary != "" {
					// The schema has no words for a school, only its courses.
					courses = append([]string{summary}, courses...)
				}
				r.Education = append(r.Education, Education{Institution: it.Title, Area: it.Subtitle, StudyType: it.Degree, Score: it.Score,
					URL: it.URL, StartDate: start, EndDate: end, Courses: courses})
			case models.SectionLicense:
				r.Certificates = append(r.Certificates, Certificate{Name: it.Title, Issuer: it.Subtitle, Date: start, URL: it.URL})
			case models.SectionAwards:
				r.Awards = append(r.Awards, Award{Title: it.Title, Awarder: it.Subtitle, Date: start, Summary: joined(it.Detail, it.URL)})
			case models.SectionSkills:
				sk := Skill{Name: it.Title, Level: it.Subtitle}
				if it.Percent != nil {
					sk.Level = fmt.Sprintf("%d%%", *it.Percent)
				}
				r.Skills = append(r.Skills, sk)
			case models.SectionProjects:
				summary, highlights := splitDetail(it.Detail)
				r.Projects = append(r.Projects, Project{Name: it.Title, Description: paragraphs(it.Subtitle, summary), Highlights: highlights,
					URL: it.URL, StartDate: start, EndDate: end})
			case models.SectionLanguages:
				r.Languages = append(r.Languages, Language{Language: it.Title, Fluency: it.Subtitle})
			}
		}
	}
	return r
}

// datePart is a year, with its month and day when written (2019, 2019.03, 2019-3,
// 2019/03, 2019-03-15, 2019.3.15).
var datePart = regexp.MustCompile(`\b((?:19|20)\d\d)(?:[.\-/](0?[1-9]|1[0-2])\b(?:[.\-/](0?[1-9]|[12]\d|3[01])\b)?)?`)

// dates reads a period ("2019.03 – 2021", "2022 –") as ISO 8601 start and end dates, as
// precise as written.
func dates(period string) (start, end string) {
	m := datePart.FindAllStringSubmatch(period, 2)
	iso := func(p []string) string {
		switch {
		case p[2] == "":
			return p[1]
		case p[3] == "":
			return fmt.Sprintf("%s-%02s", p[1], strings.TrimPrefix(p[2], "0"))
		}
		return fmt.Sprintf("%s-%02s-%02s", p[1], strings.TrimPrefix(p[2], "0"), strings.TrimPrefix(p[3], "0"))
	}
	if len(m) > 0 {
		start = iso(m[0])
	}
	if len(m) > 1 {
		end = iso(m[1])
	}
	return start, end
}

// username is a profile's last path word (github.com/alice → alice, mastodon.social/@alice
// → alice).
func username(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	parts := strings.FieldsFunc(u.Path, func(r rune) bool { return r == '/' })
	if len(parts) == 0 {
		return ""
	}
	return strings.TrimPrefix(parts[len(parts)-1], "@")
}

// bullet starts a line of an item's detail that is one of its highlights (a job's
// achievements, a school's courses): the card shows the detail's lines as written.
const bullet = "• "

// splitDetail reads an item's detail as its words and its highlights: the lines that
// start with a bullet ("•", "-", "*") are highlights, the others the words.
func splitDetail(detail string) (words string, highlights []string) {
	var rest []string
	for _, line := range strings.Split(detail, "\n") {
		t := strings.TrimSpace(line)
		if h, ok := highlight(t); ok {
			if h != "" {
				highlights = append(highlights, h)
			}
			continue
		}
		rest = append(rest, line)
	}
	return strings.TrimSpace(strings.Join(rest, "\n")), highlights
}

func highlight(line string) (string, bool) {
	for _, b := range []string{"•", "- ", "* ", "·"} {
		if strings.HasPrefix(line, b) {
			return strings.TrimSpace(strings.TrimPrefix(line, b)), true
		}
	}
	return "", false
}

// joinDetail writes words and highlights as an item's detail, a highlight a line.
func joinDetail(words string, highlights []string) string {
	lines := []string{}
	if w := strings.TrimSpace(words); w != "" {
		lines = append(lines, w)
	}
	for _, h := range highlights {
		if h = strings.TrimSpace(h); h != "" {
			lines = append(lines, bullet+h)
		}
	}
	return strings.Join(lines, "\n")
}

// paragraphs joins texts with a blank line, the way a project's description carries its
// subtitle and its words.
func paragraphs(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

func joined(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " — ")
}
