// Package i18n holds the UI texts in Korean (the default) and English, and picks a language.
//
// Every user-visible text is a key in ko.json and en.json (and sharing.ko.json,
// sharing.en.json for the sharing pages), embedded; Load refuses catalogues whose keys
// differ, so no text exists in one language only. i18n.go also picks the language:
// Negotiate from the cookie and Accept-Language, Korean when neither says; Canonical for a
// ?lang= address.
package i18n
