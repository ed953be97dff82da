package services_test

import (
	"context"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

func TestTokenRotationOverMonths(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{})
		k.connect(t)
		ctx := context.Background()
		rotations := 0
		var lastRefreshExp time.Time
		// Four months, one refresh-job tick every 5 hours (the access token lasts 6).
		for hour := 0; hour < 4*30*24; hour += 5 {
			k.clock.Advance(5 * time.Hour)
			if _, err := k.srv.Tokens.RefreshDue(ctx); err != nil {
				t.Fatalf("hour %d: %v", hour, err)
			}
			sts, err := k.srv.Tokens.Status(ctx, services.Actor{ID: k.alice})
			if err != nil {
				t.Fatal(err)
			}
			st := sts[0]
			if st.State == services.TokenNeedsReconnect {
				t.Fatalf("hour %d: connection lapsed: %s", hour, st.LastError)
			}
			if !st.RefreshExpiresAt.Equal(lastRefreshExp) {
				if !lastRefreshExp.IsZero() {
					rotations++
				}
				lastRefreshExp = *st.RefreshExpiresAt
			}
		}
		if rotations < 2 {
			t.Errorf("%d refresh-token rotations in four months, want at least 2", rotations)
		}
		if n := k.fake.RefreshTokenCount(); n != 1 {
			t.Errorf("%d live refresh tokens at Kakao, want 1 (old ones die on rotation)", n)
		}
		id := k.send(t, "넉 달 뒤")
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Errorf("after four months: %s (%s)", m.State, m.LastError)
		}
	})
}
