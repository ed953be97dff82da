// Package mailfaketest starts the fake mail relay for tests. It is apart from mailfake so
// that the testing package, which Start needs, never reaches the production binary
// ("sitecard mail-fake" links mailfake).
package mailfaketest

import (
	"testing"

	"sitecard/internal/mailer/mailfake"
)

// Start starts a STARTTLS server (smtp://), or an implicit TLS one (smtps://), on a free
// port of 127.0.0.1, stopped when the test ends.
func Start(t testing.TB, implicitTLS bool) *mailfake.Server {
	t.Helper()
	s, err := mailfake.New("127.0.0.1:0", implicitTLS)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// StartPlain starts a server on smtp:// that offers neither STARTTLS nor AUTH, as an old
// or misconfigured relay does, stopped when the test ends.
func StartPlain(t testing.TB) *mailfake.Server {
	t.Helper()
	s, err := mailfake.NewPlain("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}
