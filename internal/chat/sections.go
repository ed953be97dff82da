package chat

import "strings"

// SectionName is a passage label's name in lang: labels are written "경력 · Experience"
// (résumé headings) or "경력 (Work)" (the card's), Korean first.
func SectionName(label, lang string) string {
	ko, en, ok := strings.Cut(label, " · ")
	if !ok {
		ko, en, ok = strings.Cut(label, " (")
		en = strings.TrimSuffix(en, ")")
	}
	if !ok {
		return label
	}
	// A card section with its own title: "경력 (Work) · Jobs" keeps the owner's words.
	if i := strings.Index(en, " · "); i >= 0 {
		en = en[:i]
	}
	if lang == "en" {
		return en
	}
	return ko
}
