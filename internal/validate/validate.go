package validate

import (
	"maps"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of value a rule can demand beyond length; "" is any text.
const (
	KindEmail = "email"
	KindURL   = "url"
	KindInt   = "int"
	KindSlug  = "slug"
	KindLogin = "login"
)

// Rule constrains one field. Lengths count characters (runes), not bytes.
type Rule struct {
	Required bool
	MinLen   int
	MaxLen   int
	Kind     string
	MinInt   int
	MaxInt   int
	OneOf    []string
	// Reserved values are refused (slugs that would shadow a route).
	Reserved []string
}

// Error is one field's problem: a message code (translated by the caller) and its number.
type Error struct {
	Code string
	N    int
}

// Errors maps field names to their problem; empty means valid.
type Errors map[string]Error

// Patterns, also rendered as the HTML pattern attribute.
const (
	SlugPattern  = `[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?`
	LoginPattern = `[a-z0-9][a-z0-9._\-]{2,63}`
)

var (
	slugRe  = regexp.MustCompile(`^` + SlugPattern + `$`)
	loginRe = regexp.MustCompile(`^` + LoginPattern + `$`)
)

// IsSlug reports whether v is a well-formed card slug (reserved words aside).
func IsSlug(v string) bool { return slugRe.MatchString(v) }

// CardSlug is the one rule by which a slug a visitor sends (in a path, a form or JSON)
// names a card: trimmed and lower-cased, then a slug or nothing. Both databases then see
// the same string: MariaDB's collation would otherwise match "DEMO " to "demo", and SQLite
// would not.
func CardSlug(v string) (string, bool) {
	s := strings.ToLower(strings.TrimSpace(v))
	if !IsSlug(s) {
		return "", false
	}
	return s, true
}

// Check validates one value against the rule.
func (r Rule) Check(v string) (Error, bool) {
	if !utf8.ValidString(v) {
		return Error{Code: "invalid"}, false
	}
	// NUL and the other control characters have no place in a form (SQLite refuses NUL,
	// MariaDB drops it); tab and line breaks are text.
	if strings.ContainsFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }) {
		return Error{Code: "control"}, false
	}
	if v == "" {
		if r.Required {
			return Error{Code: "required"}, false
		}
		return Error{}, true
	}
	n := utf8.RuneCountInString(v)
	if r.MinLen > 0 && n < r.MinLen {
		return Error{Code: "too_short", N: r.MinLen}, false
	}
	if r.MaxLen > 0 && n > r.MaxLen {
		return Error{Code: "too_long", N: r.MaxLen}, false
	}
	if len(r.OneOf) > 0 && !slices.Contains(r.OneOf, v) {
		return Error{Code: "choice"}, false
	}
	switch r.Kind {
	case KindEmail:
		if !Email(v) {
			return Error{Code: "email"}, false
		}
	case KindURL:
		if !HTTPURL(v) {
			return Error{Code: "url"}, false
		}
	case KindInt:
		i, err := strconv.Atoi(v)
		if err != nil {
			return Error{Code: "int"}, false
		}
		if i < r.MinInt || i > r.MaxInt {
			return Error{Code: "range", N: r.MaxInt}, false
		}
	case KindSlug:
		if !slugRe.MatchString(v) {
			return Error{Code: "slug"}, false
		}
	case KindLogin:
		if !loginRe.MatchString(v) {
			return Error{Code: "login"}, false
		}
	}
	if slices.Contains(r.Reserved, v) {
		return Error{Code: "reserved"}, false
	}
	return Error{}, true
}

// Email reports whether v is one plain address (no display name, no spaces).
func Email(v string) bool {
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || strings.ContainsAny(v, " \t\r\n<>") {
		return false
	}
	at := strings.LastIndexByte(v, '@')
	return at > 0 && strings.Contains(v[at+1:], ".") && !strings.HasSuffix(v, ".")
}

// HTTPURL reports whether v is an absolute http or https URL with a host.
func HTTPURL(v string) bool {
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsAny(v, " \t\r\n<>\"")
}

// Form is a set of rules by field name.
type Form map[string]Rule

// Check validates values (missing keys count as empty) and returns the problems.
func (f Form) Check(values map[string]string) Errors {
	errs := Errors{}
	for field, rule := range f {
		if e, ok := rule.Check(values[field]); !ok {
			errs[field] = e
		}
	}
	return errs
}

// Fields lists the form's field names in a stable order, to read them from a request.
func (f Form) Fields() []string {
	return slices.Sorted(maps.Keys(f))
}

// Trim returns values with surrounding white space removed, the way every form is read.
func Trim(values map[string]string) map[string]string {
	out := make(map[string]string, len(values))
	for k, v := range values {
		out[k] = strings.TrimSpace(v)
	}
	return out
}
