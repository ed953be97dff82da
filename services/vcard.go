package services

import (
	"encoding/base64"
	"strings"

	"sitecard/internal/i18n"
	"sitecard/models"
)

// VCard renders a card as a vCard 3.0 (RFC 2426) in lang: the name and title in that
// language, the other name as a nickname. photo may be nil; photoType is JPEG, PNG or
// WEBP.
func VCard(c *models.Card, lang, url string, photo []byte, photoType string) string {
	var b strings.Builder
	line := func(s string) {
		b.WriteString(fold(s))
		b.WriteString("\r\n")
	}
	line("BEGIN:VCARD")
	line("VERSION:3.0")
	fn, other, title := c.NameKo, c.NameEn, c.JobTitle
	if lang == i18n.English && c.NameEn != "" {
		fn, other = c.NameEn, c.NameKo
	}
	if lang == i18n.English && c.JobTitleEn != "" {
		title = c.JobTitleEn
	}
	if fn == "" {
		fn, other = other, ""
	}
	line("FN:" + vEscape(fn))
	family, given := splitName(fn)
	line("N:" + vEscape(family) + ";" + vEscape(given) + ";;;")
	if other != "" && other != fn {
		line("NICKNAME:" + vEscape(other))
	}
	if title != "" {
		line("TITLE:" + vEscape(title))
	}
	if c.Email != "" {
		line("EMAIL;TYPE=INTERNET,PREF:" + vEscape(c.Email))
	}
	if c.Phone != "" {
		line("TEL;TYPE=CELL,VOICE:" + vEscape(c.Phone))
	}
	if c.Site != "" {
		line("URL:" + vEscape(c.Site))
	}
	line("URL;TYPE=sitecard:" + vEscape(url))
	if len(photo) > 0 && photoType != "" {
		line("PHOTO;ENCODING=b;TYPE=" + photoType + ":" + base64.StdEncoding.EncodeToString(photo))
	}
	if c.Summary != "" {
		line("NOTE:" + vEscape(c.Summary))
	}
	line("END:VCARD")
	return b.String()
}

// splitName splits a Korean name into family and given name by its first syllable, and a
// western name by its last word.
func splitName(name string) (family, given string) {
	name = strings.TrimSpace(name)
	if f := strings.Fields(name); len(f) > 1 {
		return f[len(f)-1], strings.Join(f[:len(f)-1], " ")
	}
	r := []rune(name)
	if len(r) >= 2 && r[0] >= 0xAC00 && r[0] <= 0xD7A3 {
		return string(r[:1]), string(r[1:])
	}
	return name, ""
}

var vReplacer = strings.NewReplacer(`\`, `\\`, ",", `\,`, ";", `\;`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func vEscape(s string) string { return vReplacer.Replace(s) }

// fold breaks a content line after 75 octets without splitting a UTF-8 character.
func fold(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	return b.String()
}
