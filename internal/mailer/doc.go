// Package mailer writes and sends email over SMTP with the standard library's net/smtp:
// STARTTLS on smtp:// (port 587), implicit TLS on smtps:// (port 465).
//
// net/smtp is frozen but complete for what a site sends: one message to one recipient,
// PLAIN authentication over TLS. It needs no dependency and reports the server's reply
// codes as *textproto.Error, which tells a temporary refusal (4xx) from a permanent one
// (5xx).
//
//   - mailer.go: the Sender, its TLS and authentication, and the errors that tell a
//     temporary refusal from a permanent one.
//   - compose.go: a message in RFC 5322 form, with a plain-text and an HTML part and
//     encoded headers, in which no line break a visitor typed can start a header.
//
// The mailfake package below it is a real SMTP server for the tests and "sitecard mail-fake".
package mailer
