package messages_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// A burst of simultaneous messages from one address gets exactly as many through as the
// limit allows, on both databases.
func TestContactLimitHoldsUnderABurst(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{limits: []config.Rate{config.Rate{N: 5, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour}}})
		var wg sync.WaitGroup
		var mu sync.Mutex
		accepted, limited := 0, 0
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := k.srv.Contacts.Submit(context.Background(), messages.Contact{Card: "alice", Name: "n", Email: "v@example.com",
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

// One address flooding a card is refused by its own limit, and what it was refused does
// not count against the card: other visitors still get through.
func TestContactFloodLeavesTheCardsAllowance(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{limits: []config.Rate{config.Rate{N: 3, Window: time.Minute}, config.Rate{N: 6, Window: time.Hour}}})
		send := func(ip string) error {
			_, err := k.srv.Contacts.Submit(context.Background(), messages.Contact{Card: "alice", Name: "n", Email: "v@example.com",
				Message: "hello", ClientIP: ip})
			return err
		}
		for i := range 20 {
			err := send("203.0.113.50")
			if want := i >= 3; errors.Is(err, services.ErrRateLimited) != want {
				t.Fatalf("flood message %d: %v, want refused %v", i+1, err, want)
			}
		}
		// The card has counted 3 of its 6; three more visitors get through, the next does not.
		for i, ip := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
			if err := send(ip); err != nil {
				t.Fatalf("visitor %d after the flood: %v", i+1, err)
			}
		}
		if err := send("198.51.100.4"); !errors.Is(err, services.ErrRateLimited) {
			t.Fatalf("seventh message to the card: %v, want refused", err)
		}
	})
}

// The card a message is for is remembered for a second. A card deleted meanwhile gets the
// visitor "pick a card", not a server error; a card unpublished stops taking messages
// once the second is over.
func TestContactCardGoneOrUnpublished(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{})
		ctx := context.Background()
		send := func(card string) error {
			_, err := k.srv.Contacts.Submit(ctx, messages.Contact{Card: card, Name: "n", Email: "v@example.com", Message: "hi", ClientIP: "192.0.2.7"})
			return err
		}
		cardError := func(err error) bool {
			var ve *services.ValidationError
			return errors.As(err, &ve) && ve.Errors["card"].Code == "choice"
		}
		alice := services.Actor{ID: k.alice}
		if err := send("alice"); err != nil {
			t.Fatal(err)
		}
		if err := k.srv.Cards.Delete(ctx, alice, k.cardID); err != nil {
			t.Fatal(err)
		}
		if err := send("alice"); !cardError(err) {
			t.Fatalf("message to a deleted card: %v, want a card field error", err)
		}

		other, err := k.srv.Cards.Create(ctx, alice, map[string]string{"slug": "other", "name_ko": "다른"})
		if err != nil {
			t.Fatal(err)
		}
		if err := k.srv.Cards.UpdateSettings(ctx, alice, other.ID, map[string]string{"slug": "other", "published": "on"}); err != nil {
			t.Fatal(err)
		}
		if err := send("other"); err != nil {
			t.Fatal(err)
		}
		if err := k.srv.Cards.UpdateSettings(ctx, alice, other.ID, map[string]string{"slug": "other"}); err != nil {
			t.Fatal(err)
		}
		k.clock.Advance(time.Second)
		if err := send("other"); !cardError(err) {
			t.Fatalf("message to an unpublished card: %v, want a card field error", err)
		}
	})
}

// Messages arriving together are committed together. Each is still stored once, under
// the id its sender is given; two tries with one Idempotency-Key make one message; and
// the retry's key, which fails the shared transaction, does not take the others with it.
func TestContactBurstStoresEachMessageUnderItsOwnID(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{limits: []config.Rate{config.Rate{N: 0, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour}}})
		ctx := context.Background()
		burst := func(keys []string) []*models.Message {
			got := make([]*models.Message, len(keys))
			var wg sync.WaitGroup
			for i, key := range keys {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// A retry is the same message again; without a key each is its own.
					text := "message " + key
					if key == "" {
						text = fmt.Sprintf("message (%d)", i)
					}
					m, err := k.srv.Contacts.Submit(ctx, messages.Contact{Card: "alice", Name: "n", Email: "v@example.com",
						Message: text, ClientIP: "192.0.2.8", IdempotencyKey: key})
					if err != nil {
						t.Error(err)
						return
					}
					got[i] = m
				}()
			}
			wg.Wait()
			for i, m := range got {
				if m == nil {
					continue
				}
				row, err := models.MessageByID(ctx, k.srv.DB, m.ID)
				if err != nil {
					t.Fatalf("message %d: id %d: %v", i, m.ID, err)
				}
				if row.Body != m.Body {
					t.Errorf("message %d was told id %d, which holds %q, not %q", i, m.ID, row.Body, m.Body)
				}
			}
			return got
		}
		keys := make([]string, 60)
		for i := range keys {
			keys[i] = fmt.Sprintf("a-%d", i)
		}
		burst(keys)
		for i := range keys {
			keys[i] = fmt.Sprintf("b-%d", i)
		}
		keys[58], keys[59] = "same-key", "same-key" // one client's retry, sent with the rest
		got := burst(keys)
		if got[58] != nil && got[59] != nil && got[58].ID != got[59].ID {
			t.Errorf("one key made two messages: %d and %d", got[58].ID, got[59].ID)
		}
		if c, err := models.CountMessages(ctx, k.srv.DB, k.alice, false, 1000); err != nil || c != 119 {
			t.Errorf("%d messages stored (%v), want 119", c, err)
		}
	})
}

// A message whose request has run out of time is refused, and only it: the messages that
// shared its transaction are stored within their own deadlines.
func TestContactOutOfTimeMessageDoesNotSinkItsBatch(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{limits: []config.Rate{config.Rate{N: 0, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour}}})
		send := func(ctx context.Context, i int) error {
			_, err := k.srv.Contacts.Submit(ctx, messages.Contact{Card: "alice", Name: "n", Email: "v@example.com",
				Message: fmt.Sprintf("message %d", i), ClientIP: "192.0.2.9"})
			return err
		}
		if err := send(context.Background(), 0); err != nil { // the card is looked up once, here
			t.Fatal(err)
		}
		late, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		defer cancel()
		const n = 40
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := context.Background()
				if i%10 == 5 {
					ctx = late
				}
				errs[i] = send(ctx, i+1)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if (i%10 == 5) != (err != nil) {
				t.Errorf("message %d: %v", i+1, err)
			}
		}
		if c, err := models.CountMessages(context.Background(), k.srv.DB, k.alice, false, 1000); err != nil || c != 1+n-4 {
			t.Errorf("%d messages stored (%v), want %d", c, err, 1+n-4)
		}
	})
}
