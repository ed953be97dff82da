// Package templates embeds the HTML templates: layouts/, pages/ and partials/.
// A page template is exactly what an htmx request gets; the layout wraps it otherwise.
//
//   - layouts/: main.html (the public pages) and admin.html (the dashboard).
//   - pages/: one per page (card.html, chat.html, login.html, …) and pages/admin/ for the
//     dashboard (editor, messages, channels, kakao, members, sources, account, audit, …).
//   - partials/: the pieces htmx swaps and the pages share (the card's body, the contact
//     form, the chat, the editor's parts, the KakaoTalk status, fields, the pager, icons).
//
// Templates are auto-escaped by html/template, and none holds a script that runs inline
// (the one inline block is the card's JSON-LD, data), as the CSP requires.
package templates
