// Package vcard writes a card as a vCard 3.0 (RFC 2426) or 4.0 (RFC 6350), the file a
// phone imports as a contact, and scales a photo for it.
//
// Files:
//   - vcard.go: Options, Card (the vCard of a card), Organisation and Photo.
package vcard
