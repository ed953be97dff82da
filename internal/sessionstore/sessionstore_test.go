package sessionstore_test

import (
	"context"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/sessionstore"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

func TestStorageContract(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testsite.Server(t, cfg)
		now := time.Now()
		s := sessionstore.New(srv.DB, func() time.Time { return now })
		if v, err := s.Get("missing"); v != nil || err != nil {
			t.Fatalf("missing key: %q %v, want nil nil", v, err)
		}
		if err := s.Set("a", []byte("one"), time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("a", []byte("two"), time.Hour); err != nil {
			t.Fatal(err)
		}
		if v := get(t, s, "a"); string(v) != "two" {
			t.Errorf("after overwrite: %q", v)
		}
		must(t, s.Set("short", []byte("x"), time.Minute))
		must(t, s.Set("forever", []byte("x"), 0))

		now = now.Add(2 * time.Minute)
		if v := get(t, s, "short"); v != nil {
			t.Error("an expired session is returned")
		}
		if v := get(t, s, "a"); string(v) != "two" {
			t.Error("a live session is gone")
		}
		n, err := s.Sweep(context.Background())
		if err != nil || n != 1 {
			t.Errorf("sweep removed %d (%v), want 1", n, err)
		}
		if v := get(t, s, "forever"); string(v) != "x" {
			t.Error("a session without expiry was swept")
		}
		must(t, s.Delete("a"))
		if v := get(t, s, "a"); v != nil {
			t.Error("deleted session still there")
		}
		must(t, s.Reset())
		if v := get(t, s, "forever"); v != nil {
			t.Error("reset left sessions")
		}
	})
}

func get(t *testing.T, s *sessionstore.Store, key string) []byte {
	t.Helper()
	v, err := s.Get(key)
	must(t, err)
	return v
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
