package messages_test

import (
	"context"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
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
			if st.State == messages.TokenNeedsReconnect {
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

// A refresh in the rotation window stores Kakao's new refresh token with the access token:
// another instance, reading only the database, refreshes with it and delivers, and Kakao
// keeps one live refresh token.
func TestRotatedRefreshTokenIsWhatTheDatabaseKeeps(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{})
		k.connect(t)
		ctx := context.Background()
		before, err := models.TokenOf(ctx, k.srv.DB, k.alice)
		if err != nil {
			t.Fatal(err)
		}
		// Into the last 30 days of the refresh token's life: the next refresh rotates it.
		k.clock.Advance(kakaofake.RefreshLifetime - kakaofake.RotationWindow + time.Hour)
		if err := k.srv.Tokens.Refresh(ctx, k.alice); err != nil {
			t.Fatal(err)
		}
		after, err := models.TokenOf(ctx, k.srv.DB, k.alice)
		if err != nil {
			t.Fatal(err)
		}
		if after.RefreshToken == before.RefreshToken || !after.RefreshExpiresAt.After(before.RefreshExpiresAt) {
			t.Fatalf("the refresh token was not rotated in the database: expires %v, then %v", before.RefreshExpiresAt, after.RefreshExpiresAt)
		}
		if n := k.fake.RefreshTokenCount(); n != 1 {
			t.Errorf("%d live refresh tokens at Kakao, want 1", n)
		}
		// Seven hours on the access token has expired: a second instance refreshes with
		// what the database holds, and sends.
		k.clock.Advance(7 * time.Hour)
		other := k.instance(t, cfg)
		if err := other.Tokens.Refresh(ctx, k.alice); err != nil {
			t.Fatalf("another instance cannot refresh with the stored token: %v", err)
		}
		id := k.send(t, "회전 뒤")
		if _, err := other.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Errorf("after the rotation: %s (%s)", m.State, m.LastError)
		}
	})
}
