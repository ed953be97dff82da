// Package mailfake is a real SMTP server that delivers nowhere: the tests' mail relay,
// and "sitecard mail-fake", which prints what the site mails so that the email channel
// can be tried without a relay. It speaks ESMTP with STARTTLS (or implicit TLS) under a
// certificate it makes for 127.0.0.1, takes PLAIN authentication (user "site", password
// "secret") only over TLS, keeps what it receives, and can refuse or go down on request.
//
// mailfake.go is the whole server. It imports no testing package, so that the binary can
// link it for "sitecard mail-fake"; mailfaketest starts it in a test.
package mailfake
