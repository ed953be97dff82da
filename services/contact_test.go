package services_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"sitecard/config"
	"sitecard/services"
	"sitecard/testutil"
)

// A burst of simultaneous messages from one address gets exactly as many through as the
// limit allows, on both databases.
func TestContactLimitHoldsUnderABurst(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg)
		k.srv.Contacts.SetLimits(5, time.Minute, 0, time.Hour)
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted, limited := 0, 0
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := k.srv.Contacts.Submit(context.Background(), services.Contact{Card: "alice", Name: "n", Email: "v@example.com",
					Message: "burst", ClientIP: "203.0.113.9"})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					accepted++
				case errors.Is(err, services.ErrRateLimited):
					limited++
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if accepted != 5 || limited != 25 {
			t.Errorf("accepted %d, limited %d; want 5 and 25", accepted, limited)
		}
	})
}
