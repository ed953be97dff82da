package jsonresume

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"sitecard/models"
)

//go:embed schema.json
var schemaJSON []byte

// Reader checks JSON Resume documents against the published schema and reads them.
type Reader struct {
	schema *jsonschema.Schema
}

// NewReader compiles the vendored schema.
func NewReader() (*Reader, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, fmt.Errorf("jsonresume: schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		return nil, fmt.Errorf("jsonresume: schema: %w", err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		return nil, fmt.Errorf("jsonresume: schema: %w", err)
	}
	return &Reader{schema: s}, nil
}

// Invalid is a document the schema refuses, with each problem in plain words
// ("work 1, startDate: …").
type Invalid struct {
	Problems []string
}

func (e *Invalid) Error() string { return "jsonresume: " + strings.Join(e.Problems, "; ") }

// Read checks data and returns the card it describes (not yet stored: no IDs, no slug).
// Fields the card has no place for are ignored.
func (r *Reader) Read(data []byte) (*models.Card, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, &Invalid{Problems: []string{"the file is not JSON: " + err.Error()}}
	}
	if err := r.schema.Validate(doc); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			return nil, &Invalid{Problems: plainWords(ve)}
		}
		return nil, &Invalid{Problems: []string{err.Error()}}
	}
	var res Resume
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, &Invalid{Problems: []string{err.Error()}}
	}
	if strings.TrimSpace(res.Basics.Name) == "" {
		return nil, &Invalid{Problems: []string{"basics: the name is missing"}}
	}
	return toCard(res), nil
}

// plainWords lists the schema's leaf complaints as "where: what", where in words a person
// reads ("work 2, startDate"), not a JSON pointer.
func plainWords(ve *jsonschema.ValidationError) []string {
	printer := message.NewPrinter(language.English)
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, place(e.InstanceLocation)+": "+e.ErrorKind.LocalizedString(printer))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	sort.Strings(out)
	return out
}

func place(loc []string) string {
	if len(loc) == 0 {
		return "the document"
	}
	parts := make([]string, 0, len(loc))
	for _, p := range loc {
		if n, err := strconv.Atoi(p); err == nil {
			parts[len(parts)-1] += " " + strconv.Itoa(n+1)
			continue
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// toCard maps a résumé onto a card: the basics onto the profile, profiles onto links, and
// each list onto its section, periods written "start – end".
func toCard(r Resume) *models.Card {
	b := r.Basics
	c := &models.Card{NameKo: b.Name, JobTitle: b.Label, Email: b.Email, Phone: b.Phone, Site: b.URL, Summary: b.Summary, ChatEnabled: true}
	for _, p := range b.Profiles {
		if p.URL != "" {
			c.Links = append(c.Links, &models.Link{Kind: "website", Label: p.Network, URL: p.URL})
		}
	}
	add := func(kind string, items []*models.Item) {
		if len(items) > 0 {
			c.Sections = append(c.Sections, &models.Section{Kind: kind, Items: items})
		}
	}
	var items []*models.Item
	for _, s := range r.Skills {
		it := &models.Item{Title: s.Name}
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s.Level), "%")); err == nil && n >= 0 && n <= 100 {
			it.Percent = &n
		} else if s.Level != "" {
			it.Subtitle = s.Level
		}
		items = append(items, it)
	}
	add(models.SectionSkills, items)
	items = nil
	for _, x := range r.Certificates {
		items = append(items, &models.Item{Title: x.Name, Subtitle: x.Issuer, Period: x.Date, URL: x.URL})
	}
	add(models.SectionLicense, items)
	items = nil
	for _, x := range r.Work {
		items = append(items, &models.Item{Title: x.Name, Subtitle: x.Position, Period: period(x.StartDate, x.EndDate), Detail: x.Summary, URL: x.URL})
	}
	add(models.SectionWork, items)
	items = nil
	for _, x := range r.Education {
		items = append(items, &models.Item{Title: x.Institution, Subtitle: x.Area, Period: period(x.StartDate, x.EndDate), URL: x.URL})
	}
	add(models.SectionEducation, items)
	items = nil
	for _, x := range r.Awards {
		items = append(items, &models.Item{Title: x.Title, Subtitle: x.Awarder, Period: x.Date, Detail: x.Summary})
	}
	add(models.SectionAwards, items)
	items = nil
	for _, x := range r.Projects {
		items = append(items, &models.Item{Title: x.Name, Subtitle: x.Description, Period: period(x.StartDate, x.EndDate), URL: x.URL})
	}
	add(models.SectionProjects, items)
	return c
}

func period(start, end string) string {
	switch {
	case start == "" && end == "":
		return ""
	case end == "":
		return start + " –"
	}
	return start + " – " + end
}
