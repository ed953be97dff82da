// Package handlers turns HTTP requests into service calls and renders the answers:
// whole pages for browsers, partials for htmx, JSON for the API.
//
// A handler only translates HTTP: it parses the request, validates it with
// internal/validate, calls a service and renders what comes back. The main files:
//
//   - app.go builds the Fiber app from its dependencies (Deps); routes.go lists every
//     route, grouped by who may call it, with the middleware chains that guard them.
//   - request.go reads requests (form values, the JSON APIs' one prologue); render.go
//     renders templates into a buffer first and fills in what every page needs (View);
//     forms.go turns validate's rules into form fields; errors.go turns errors into status
//     codes and translated reasons, and reason.go a delivery's reason code into words.
//   - middleware.go sets the security headers (the CSP), logs requests, bounds bodies and
//     sets deadlines; csrf.go guards every state change; auth.go, oidc.go, totp.go,
//     passkeys.go and reset.go are signing in; clientip.go believes TRUSTED_PROXIES only.
//   - One file per resource: cards.go (the card page, from the page cache), formats.go
//     (resume.json), share_files.go (cards.pdf, background.png), contact.go (the message
//     window and POST /kakao/), share.go (a visitor's shared contact, app passwords),
//     chat.go, editor.go and editor_actions.go, inbox.go, channels.go, kakao.go,
//     members.go, admin.go, audit.go, sources.go, signature.go, backup.go (the dashboard's
//     download), dav.go (CardDAV), seo.go and webfinger.go, media.go (uploads), static.go,
//     health.go, openapi.go (serving openapi.json).
//
// docs/architecture.md follows a card page, a message and a question through these files.
package handlers
