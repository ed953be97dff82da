package static

import "embed"

// FS holds the stylesheets, scripts, images and the vendored htmx.
//
//go:embed css js img vendor
var FS embed.FS
