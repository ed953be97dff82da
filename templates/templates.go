// Package templates embeds the HTML templates: layouts/, pages/ and partials/.
// A page template is exactly what an htmx request gets; the layout wraps it otherwise.
package templates

import "embed"

// FS holds every template.
//
//go:embed layouts pages partials
var FS embed.FS
