// Package testsite builds whole sitecard servers for tests that go through every layer.
// It is apart from testutil so that a test of the models or services alone, which needs
// only a database, links no server (nor PDFium, the chatbot, the templates...).
package testsite

import (
	"context"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
)

// Server builds a complete sitecard for cfg and closes it when the test ends. An empty
// database is given the migrated schema from a template first (testutil.Migrated), which
// is what booting would have made of it, in a fraction of the time. Passwords are hashed
// with cheap argon2id parameters (server.WithFastPasswordHashing): at the production
// ones each sign-in, set-up and member costs 64 MB and tens of milliseconds of CPU, and no
// test is about the cost of a hash.
func Server(t testing.TB, cfg *config.Config, opts ...server.Option) *server.Server {
	t.Helper()
	testutil.Migrated(t, cfg)
	opts = append([]server.Option{server.WithFastPasswordHashing()}, opts...)
	s, err := server.Build(context.Background(), cfg, testutil.Logger(), opts...)
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	t.Cleanup(func() {
		if err := s.StopScheduler(); err != nil {
			t.Errorf("scheduler shutdown: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close database: %v", err)
		}
	})
	return s
}
