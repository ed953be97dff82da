// Package static embeds the files served under /static/ with fingerprinted names.
//
//   - css/app.css, the one stylesheet (light, dark and auto themes, the phone layout);
//     js/app.js, the small client script (inline validation from internal/validate's
//     rules, Enter to send, copy buttons) and js/passkeys.js; img/.
//   - vendor/htmx.min.js, htmx 2 vendored with its SHA-256 beside it by fetch-htmx.sh from
//     the npm registry; a test pins the sum.
//   - static.go embeds them; manifest.go names each by a hash of its bytes, so that
//     browsers keep them for a year and still see a change at once.
package static
