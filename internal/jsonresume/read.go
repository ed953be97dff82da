package jsonresume

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"sitecard/internal/socials"
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

// What a Problem says, for its translation (handlers: "import.problem." + code).
const (
	ProblemNotJSON = "not_json"    // the file is not JSON at all
	ProblemNoName  = "no_name"     // basics.name is missing
	ProblemDate    = "date"        // a date the schema refuses; Want is how to write it
	ProblemType    = "type"        // a value of the wrong kind (text where a list goes)
	ProblemFormat  = "format"      // an address the schema refuses; Want is "email" or "uri"
	ProblemOther   = "other"       // anything else; Text is the schema's own words
	NoteDottedDate = "dotted_date" // a date written 2022.04, read as Want (2022-04)
	NoteDropped    = "dropped"     // a part of the file the card has no place for: Section (and Field)
)

// Problem is one thing wrong with a file (or, as a note, one thing read in another way
// than written), said as data so that the page says it in the owner's language: where
// (Section "work", its 1-based Index, Field "startDate"), what (Code), and the values.
type Problem struct {
	Section string
	Index   int
	Field   string
	Code    string
	Value   string // what the file says
	Want    string // what it should say, where that can be told
	Text    string // the schema's words, for ProblemOther
}

// Invalid is a document the schema refuses, with each of its problems.
type Invalid struct {
	Problems []Problem
}

func (e *Invalid) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = fmt.Sprintf("%s %d %s: %s %q %s", p.Section, p.Index, p.Field, p.Code, p.Value, p.Text)
	}
	return "jsonresume: " + strings.Join(parts, "; ")
}

// Read checks data and returns the card it describes (not yet stored: no IDs, no slug).
// Fields the card has no place for are ignored.
func (r *Reader) Read(data []byte) (*models.Card, error) {
	c, _, err := r.ReadNotes(data)
	return c, err
}

// ReadNotes is Read, and says what it read otherwise than written: dates written the
// Korean way (2022.04, 2022.04.15), which the schema refuses, are read as ISO dates.
func (r *Reader) ReadNotes(data []byte) (*models.Card, []Problem, error) {
	// Windows editors (Notepad) save UTF-8 with a byte order mark, which is no JSON.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, nil, &Invalid{Problems: []Problem{{Code: ProblemNotJSON, Text: err.Error()}}}
	}
	notes := append(isoDates(doc), dropped(doc)...)
	if err := r.schema.Validate(doc); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			return nil, nil, &Invalid{Problems: problems(ve)}
		}
		return nil, nil, &Invalid{Problems: []Problem{{Code: ProblemOther, Text: err.Error()}}}
	}
	fixed, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, fmt.Errorf("jsonresume: %w", err)
	}
	var res Resume
	if err := json.Unmarshal(fixed, &res); err != nil {
		return nil, nil, &Invalid{Problems: []Problem{{Code: ProblemOther, Text: err.Error()}}}
	}
	if strings.TrimSpace(res.Basics.Name) == "" {
		return nil, nil, &Invalid{Problems: []Problem{{Section: "basics", Field: "name", Code: ProblemNoName}}}
	}
	return toCard(res), notes, nil
}

// dottedDate is a date as Korean résumés write it: 2022.04, 2022.4, 2022.04.15, 2022. 04.
var dottedDate = regexp.MustCompile(`^\s*([12]\d{3})\s*\.\s*(\d{1,2})(?:\s*\.\s*(\d{1,2}))?\s*\.?\s*$`)

// dateFields are the schema's date fields, in every list.
var dateFields = []string{"startDate", "endDate", "date", "releaseDate"}

// readParts are the file's parts the card takes (toCard), and readBasics the fields of
// basics; meta says only which file it is.
var (
	readParts  = []string{"$schema", "basics", "work", "education", "certificates", "awards", "skills", "projects", "languages", "meta"}
	readBasics = []string{"name", "label", "email", "phone", "url", "summary", "profiles"}
)

// dropped notes the parts of doc, and the fields of its basics, that the card has no place
// for and that say something (volunteer, publications, interests, references,
// basics.location, basics.image…), sorted by name, so that the owner knows before
// importing what stays behind.
func dropped(doc any) []Problem {
	top, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	var notes []Problem
	for _, key := range sortedKeys(top) {
		if !slices.Contains(readParts, key) && !blank(top[key]) {
			notes = append(notes, Problem{Section: key, Code: NoteDropped})
		}
	}
	if basics, ok := top["basics"].(map[string]any); ok {
		for _, key := range sortedKeys(basics) {
			if !slices.Contains(readBasics, key) && !blank(basics[key]) {
				notes = append(notes, Problem{Section: "basics", Field: key, Code: NoteDropped})
			}
		}
	}
	return notes
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// blank reports whether v says nothing: null, "", an empty list or object, or one whose
// values are all blank (an exporter's "location": {"city": ""}).
func blank(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(v) == ""
	case []any:
		for _, e := range v {
			if !blank(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range v {
			if !blank(e) {
				return false
			}
		}
		return true
	}
	return false
}

// isoDates rewrites the dotted dates of doc's lists as ISO dates, in place, and notes each;
// it drops the blank ones.
func isoDates(doc any) []Problem {
	top, ok := doc.(map[string]any)
	if !ok {
		return nil
	}
	var notes []Problem
	for _, section := range []string{"work", "volunteer", "education", "awards", "certificates", "publications", "projects"} {
		list, _ := top[section].([]any)
		for i, entry := range list {
			obj, _ := entry.(map[string]any)
			for _, field := range dateFields {
				v, isText := obj[field].(string)
				if isText && strings.TrimSpace(v) == "" {
					// Exporters write an ongoing job's end as "": it means no date, as
					// when the field is left out, which the schema allows.
					delete(obj, field)
					continue
				}
				if iso, ok := fromDotted(v); ok {
					obj[field] = iso
					notes = append(notes, Problem{Section: section, Index: i + 1, Field: field, Code: NoteDottedDate, Value: v, Want: iso})
				}
			}
		}
	}
	return notes
}

func fromDotted(v string) (string, bool) {
	m := dottedDate.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 {
		return "", false
	}
	if m[3] == "" {
		return fmt.Sprintf("%s-%02d", m[1], month), true
	}
	day, _ := strconv.Atoi(m[3])
	if day < 1 || day > 31 {
		return "", false
	}
	return fmt.Sprintf("%s-%02d-%02d", m[1], month, day), true
}

// anyDate finds a year, a month and a day in a date written some other way (2022/04,
// 2022년 4월), to tell the owner how to write it.
var anyDate = regexp.MustCompile(`([12]\d{3})\D{1,3}(\d{1,2})(?:\D{1,3}(\d{1,2}))?`)

func suggestDate(v string) string {
	m := anyDate.FindStringSubmatch(v)
	if m == nil {
		return "2022-04"
	}
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 {
		return "2022-04"
	}
	if day, _ := strconv.Atoi(m[3]); day >= 1 && day <= 31 {
		return fmt.Sprintf("%s-%02d-%02d", m[1], month, day)
	}
	return fmt.Sprintf("%s-%02d", m[1], month)
}

// problems lists the schema's leaf complaints, each placed in the document.
func problems(ve *jsonschema.ValidationError) []Problem {
	printer := message.NewPrinter(language.English)
	var out []Problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		p := place(e.InstanceLocation)
		switch k := e.ErrorKind.(type) {
		case *kind.Pattern:
			if slices.Contains(dateFields, p.Field) {
				p.Code, p.Value, p.Want = ProblemDate, k.Got, suggestDate(k.Got)
			} else {
				p.Code, p.Value, p.Text = ProblemOther, k.Got, e.ErrorKind.LocalizedString(printer)
			}
		case *kind.Type:
			p.Code, p.Value, p.Want = ProblemType, k.Got, strings.Join(k.Want, ", ")
		case *kind.Format:
			got, _ := k.Got.(string)
			p.Code, p.Value, p.Want = ProblemFormat, shorten(got, 60), k.Want
		default:
			p.Code, p.Text = ProblemOther, e.ErrorKind.LocalizedString(printer)
		}
		out = append(out, p)
	}
	walk(ve)
	slices.SortFunc(out, func(a, b Problem) int {
		if c := strings.Compare(a.Section, b.Section); c != 0 {
			return c
		}
		if a.Index != b.Index {
			return a.Index - b.Index
		}
		return strings.Compare(a.Field, b.Field)
	})
	return out
}

// shorten cuts s to at most n letters, with "…" where it was cut: a value quoted back to
// the owner is recognised by its start, and a file's 300-letter field must not fill the page.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// place reads a JSON pointer's parts (work, 0, startDate) as where a person looks: the
// list, the entry counted from 1, the field.
func place(loc []string) Problem {
	var p Problem
	for _, part := range loc {
		if n, err := strconv.Atoi(part); err == nil {
			if p.Index == 0 {
				p.Index = n + 1
			}
			continue
		}
		if p.Section == "" {
			p.Section = part
		} else {
			p.Field = part
		}
	}
	return p
}

// hasHangul tells Korean text from text in Latin letters.
func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

// byScript puts s into the Korean field when it is written in Hangul and into the
// English one otherwise (a name in Latin letters is the English name).
func byScript(s string, ko, en *string) {
	if s = strings.TrimSpace(s); s == "" {
		return
	}
	if hasHangul(s) {
		*ko = s
	} else {
		*en = s
	}
}

// linkKinds are the card's own link kinds that a service is filed under.
var linkKinds = map[string]string{"github": "github", "facebook": "facebook", "google": "google", "instagram": "instagram",
	"youtube": "youtube", "linkedin": "linkedin", "naverblog": "blog", "tistory": "blog", "velog": "blog", "brunch": "blog",
	"medium": "blog"}

// toCard maps a résumé onto a card: the basics onto the profile (each text in the field of
// its language), profiles onto links, and each list onto its section, periods written
// "start – end".
func toCard(r Resume) *models.Card {
	b := r.Basics
	c := &models.Card{Email: b.Email, Phone: b.Phone, Site: b.URL, ChatEnabled: true}
	byScript(b.Name, &c.NameKo, &c.NameEn)
	byScript(b.Label, &c.JobTitle, &c.JobTitleEn)
	byScript(b.Summary, &c.Summary, &c.SummaryEn)
	for _, p := range b.Profiles {
		if p.URL == "" {
			continue
		}
		kind, ok := linkKinds[socials.Recognize(p.URL).ID]
		if !ok {
			kind = "website"
		}
		c.Links = append(c.Links, &models.Link{Kind: kind, Label: p.Network, URL: p.URL})
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
			// A level in words ("Master", "Advanced") is shown as written, not as a bar.
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
		items = append(items, &models.Item{Title: x.Name, Subtitle: x.Position, Period: period(x.StartDate, x.EndDate),
			Detail: joinDetail(x.Summary, x.Highlights), URL: x.URL})
	}
	add(models.SectionWork, items)
	items = nil
	for _, x := range r.Education {
		items = append(items, &models.Item{Title: x.Institution, Subtitle: x.Area, Degree: x.StudyType, Score: x.Score,
			Period: period(x.StartDate, x.EndDate), Detail: joinDetail("", x.Courses), URL: x.URL})
	}
	add(models.SectionEducation, items)
	items = nil
	for _, x := range r.Awards {
		summary, url := splitURL(x.Summary)
		items = append(items, &models.Item{Title: x.Title, Subtitle: x.Awarder, Period: x.Date, Detail: summary, URL: url})
	}
	add(models.SectionAwards, items)
	items = nil
	for _, x := range r.Projects {
		sub, words, _ := strings.Cut(x.Description, "\n\n")
		items = append(items, &models.Item{Title: x.Name, Subtitle: strings.TrimSpace(sub), Period: period(x.StartDate, x.EndDate),
			Detail: joinDetail(words, x.Highlights), URL: x.URL})
	}
	add(models.SectionProjects, items)
	items = nil
	for _, x := range r.Languages {
		if strings.TrimSpace(x.Language) != "" {
			items = append(items, &models.Item{Title: x.Language, Subtitle: x.Fluency})
		}
	}
	add(models.SectionLanguages, items)
	return c
}

// splitURL takes an address off the end of an award's summary, where Build puts the
// item's link (the schema gives awards none).
func splitURL(summary string) (string, string) {
	i := strings.LastIndex(summary, " — ")
	rest := summary
	if i >= 0 {
		rest = summary[i+len(" — "):]
	}
	if !strings.HasPrefix(rest, "http://") && !strings.HasPrefix(rest, "https://") || strings.ContainsAny(rest, " \n") {
		return summary, ""
	}
	if i < 0 {
		return "", rest
	}
	return summary[:i], rest
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
