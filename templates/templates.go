package templates

import "embed"

// FS holds every template.
//
//go:embed layouts pages partials
var FS embed.FS
