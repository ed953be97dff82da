// Package validate holds every input rule once. The server checks values with it, and the
// same rules are rendered into HTML attributes that the browser and the small client
// script enforce, so the three places cannot drift.
//
//   - validate.go: Rule (length in characters, a kind such as email or URL, a pattern) and
//     Form, checked on the server and rendered into HTML attributes with their messages.
//   - forms.go: each form's rules (the card editor's parts, sign-in, members and the
//     account, the contact form, the chat, the webhook), and the lists a value must be one
//     of (section and link kinds, reserved slugs).
//   - signin_forms.go: the password reset, second-factor code and passkey forms.
//   - limits.go: a card's bounds (sections, items, links, characters), which the editor and
//     the JSON Resume import both hold a card to.
package validate
