package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

//go:embed *.json
var files embed.FS

// Supported languages; the first is the default.
const (
	Korean  = "ko"
	English = "en"
)

// Languages lists the supported languages, default first.
func Languages() []string { return []string{Korean, English} }

// Catalog holds every text in every language. It is read-only once loaded.
type Catalog struct {
	texts map[string]map[string]string
}

// Load reads the embedded catalogs and checks that both languages have the same keys.
func Load() (*Catalog, error) {
	c := &Catalog{texts: map[string]map[string]string{}}
	for _, lang := range Languages() {
		m := map[string]string{}
		// A language's texts are lang.json and any feature's own name.lang.json beside
		// it, so that features add texts without all editing one file.
		names, err := fs.Glob(files, "*.json")
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		for _, name := range names {
			if name != lang+".json" && !strings.HasSuffix(name, "."+lang+".json") {
				continue
			}
			b, err := files.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("i18n: %w", err)
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", name, err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("i18n: %s repeats %q", name, k)
				}
				m[k] = v
			}
		}
		c.texts[lang] = m
	}
	for k := range c.texts[Korean] {
		if _, ok := c.texts[English][k]; !ok {
			return nil, fmt.Errorf("i18n: en.json lacks %q", k)
		}
	}
	for k := range c.texts[English] {
		if _, ok := c.texts[Korean][k]; !ok {
			return nil, fmt.Errorf("i18n: ko.json lacks %q", k)
		}
	}
	return c, nil
}

// T returns the text for key in lang; a missing key shows itself so it is noticed.
func (c *Catalog) T(lang, key string) string {
	if s, ok := c.texts[lang][key]; ok {
		return s
	}
	return key
}

// Has reports whether key is in the catalog (every language has the same keys).
func (c *Catalog) Has(key string) bool {
	_, ok := c.texts[Korean][key]
	return ok
}

// Canonical returns the supported language lang names, as this package's constant (a
// string that is never a view of a request's buffer), or "".
func Canonical(lang string) string {
	for _, l := range Languages() {
		if l == lang {
			return l
		}
	}
	return ""
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return lang == Korean || lang == English }

// Negotiate picks the language: a supported cookie value wins, then the Accept-Language
// entry with the highest weight, then Korean. It returns one of the catalog's constants,
// never a piece of its arguments: those are a request's header bytes, which the next
// request reuses, and the page cache keeps the language in its keys.
func Negotiate(cookie, acceptLanguage string) string {
	if l := Canonical(cookie); l != "" {
		return l
	}
	best, bestQ := Korean, 0.0
	// Cut in a loop rather than Split: this runs on every page view and must not allocate.
	for rest := acceptLanguage; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
		base = normalize(base)
		if !Supported(base) {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

// normalize lower-cases the two language codes sitecard knows without allocating.
func normalize(base string) string {
	if strings.EqualFold(base, Korean) {
		return Korean
	}
	if strings.EqualFold(base, English) {
		return English
	}
	return base
}
