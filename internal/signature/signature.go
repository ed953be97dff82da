// Package signature builds an email signature from a card: HTML made of tables with
// inline styles and absolute image addresses (what Gmail, Outlook and Apple Mail keep
// when a signature is pasted), and the same as plain text.
package signature

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// Signature is what the signature shows. Every address is absolute: the HTML is pasted
// into a mail program and read far from the site.
type Signature struct {
	Name, JobTitle, Org, Phone, Email string
	// CardURL is the card's address with its source (?src=sig); CardLabel its text.
	CardURL, CardLabel string
	PhotoURL           string // "" for none
	Links              []Link
}

// Link is one of the card's links with its icon, a small PNG the site serves.
type Link struct {
	Name, URL, IconURL string
}

// The styles are written on each element: mail programs drop <style> and classes.
var page = template.Must(template.New("sig").Parse(`<table cellpadding="0" cellspacing="0" border="0" role="presentation" style="border-collapse:collapse;font-family:Arial,'Apple SD Gothic Neo','Malgun Gothic',sans-serif;font-size:13px;line-height:1.4;color:#1d2130">
<tr>
{{- if .PhotoURL}}
<td valign="top" style="padding:0 12px 0 0"><img src="{{.PhotoURL}}" width="64" height="64" alt="{{.Name}}" style="display:block;width:64px;height:64px;border-radius:32px;border:0"></td>
{{- end}}
<td valign="top" style="padding:0;border-left:3px solid #6a5cff;padding-left:12px">
<div style="font-size:15px;font-weight:bold;color:#1d2130">{{.Name}}</div>
{{- if .JobTitle}}<div style="color:#6a5cff;font-weight:bold">{{.JobTitle}}</div>{{end}}
{{- if .Org}}<div style="color:#5d6478">{{.Org}}</div>{{end}}
{{- if .Phone}}<div style="color:#5d6478"><a href="{{.TelURL}}" style="color:#5d6478;text-decoration:none">{{.Phone}}</a></div>{{end}}
{{- if .Email}}<div style="color:#5d6478"><a href="mailto:{{.Email}}" style="color:#5d6478;text-decoration:none">{{.Email}}</a></div>{{end}}
<div style="padding-top:4px"><a href="{{.CardURL}}" style="color:#6a5cff;text-decoration:none;font-weight:bold">{{.CardLabel}}</a></div>
{{- if .Links}}
<table cellpadding="0" cellspacing="0" border="0" role="presentation" style="border-collapse:collapse;margin-top:6px"><tr>
{{- range .Links}}
<td style="padding:0 6px 0 0"><a href="{{.URL}}" style="text-decoration:none"><img src="{{.IconURL}}" width="20" height="20" alt="{{.Name}}" title="{{.Name}}" style="display:block;width:20px;height:20px;border:0"></a></td>
{{- end}}
</tr></table>
{{- end}}
</td>
</tr>
</table>`))

// TelURL is the phone's tel: address, made of its digits and a leading +: html/template
// refuses a tel: address it did not see built.
func (s Signature) TelURL() template.URL {
	var b strings.Builder
	for i, r := range s.Phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String()) //nolint:gosec // digits only
}

// HTML renders the signature; every value is escaped for its place.
func HTML(s Signature) (string, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, s); err != nil {
		return "", fmt.Errorf("signature: %w", err)
	}
	return b.String(), nil
}

// Text renders the plain-text signature, after the customary "-- " line.
func Text(s Signature) string {
	var b strings.Builder
	b.WriteString("-- \n")
	b.WriteString(s.Name + "\n")
	for _, line := range []string{joinNonEmpty(" · ", s.JobTitle, s.Org), s.Phone, s.Email, s.CardURL} {
		if line != "" {
			b.WriteString(line + "\n")
		}
	}
	for _, l := range s.Links {
		b.WriteString(l.Name + ": " + l.URL + "\n")
	}
	return b.String()
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
