package sessionstore_test

import (
	"context"
	"testing"
	"time"

	"sitecard/config"
	"sitecard/sessionstore"
	"sitecard/testutil"
)

func TestStorageContract(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testutil.Server(t, cfg)
		now := time.Now()
		s := sessionstore.New(srv.DB).WithClock(func() time.Time { return now })
		if v, err := s.Get("missing"); v != nil || err != nil {
			t.Fatalf("missing key: %q %v, want nil nil", v, err)
		}
		if err := s.Set("a", []byte("one"), time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("a", []byte("two"), time.Hour); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.Get("a"); string(v) != "two" {
			t.Errorf("after overwrite: %q", v)
		}
		s.Set("short", []byte("x"), time.Minute) //nolint:errcheck
		s.Set("forever", []byte("x"), 0)         //nolint:errcheck

		now = now.Add(2 * time.Minute)
		if v, _ := s.Get("short"); v != nil {
			t.Error("an expired session is returned")
		}
		if v, _ := s.Get("a"); string(v) != "two" {
			t.Error("a live session is gone")
		}
		n, err := s.Sweep(context.Background())
		if err != nil || n != 1 {
			t.Errorf("sweep removed %d (%v), want 1", n, err)
		}
		if v, _ := s.Get("forever"); string(v) != "x" {
			t.Error("a session without expiry was swept")
		}
		s.Delete("a") //nolint:errcheck
		if v, _ := s.Get("a"); v != nil {
			t.Error("deleted session still there")
		}
		s.Reset() //nolint:errcheck
		if v, _ := s.Get("forever"); v != nil {
			t.Error("reset left sessions")
		}
	})
}
