package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
)

func newMessage(body string, now time.Time) *models.Message {
	return &models.Message{Name: "n", Email: "v@example.com", Body: body, State: models.MessagePending,
		NextAttemptAt: &now, CreatedAt: now, UpdatedAt: now}
}

// A batch of messages stored together hands each one back its own row's id, on MariaDB
// in one statement and on SQLite one by one.
func TestInsertMessagesGivesEachItsOwnID(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		db := testutil.DB(t, cfg)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		var batch []*models.Message
		for i := range 5 {
			batch = append(batch, newMessage(fmt.Sprintf("message %d", i), now))
		}
		if err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error { return models.InsertMessages(ctx, tx, batch) }); err != nil {
			t.Fatal(err)
		}
		for i, m := range batch {
			got, err := models.MessageByID(ctx, db, m.ID)
			if err != nil || got.Body != fmt.Sprintf("message %d", i) {
				t.Errorf("message %d has id %d, which holds %+v (%v)", i, m.ID, got, err)
			}
		}
	})
}

// Of two workers claiming the same delivery, one gets it; a claim is taken over only
// once it is stale, and the worker that lost its claim cannot release the delivery any
// more. The message's state follows its delivery.
func TestClaimDeliveryGoesToOneWorker(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		db := testutil.DB(t, cfg)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		m := newMessage("once", now)
		m.Deliveries = []*models.Delivery{models.NewDelivery(models.ChannelKakao, models.MessagePending, models.ReasonNone, now)}
		if err := models.InsertMessages(ctx, db, []*models.Message{m}); err != nil {
			t.Fatal(err)
		}
		id := m.Deliveries[0].ID
		stale := now.Add(-2 * time.Minute)
		a, err := models.ClaimDelivery(ctx, db, id, "a", now, stale)
		if err != nil {
			t.Fatal(err)
		}
		b, err := models.ClaimDelivery(ctx, db, id, "b", now, stale)
		if err != nil {
			t.Fatal(err)
		}
		if !a || b {
			t.Fatalf("claims: a %v, b %v; want only a", a, b)
		}
		// Three minutes on, a's claim is stale: b takes it over.
		later := now.Add(3 * time.Minute)
		if ok, err := models.ClaimDelivery(ctx, db, id, "b", later, later.Add(-2*time.Minute)); err != nil || !ok {
			t.Fatalf("takeover: %v %v", ok, err)
		}
		sent := later
		if ok, err := models.ReleaseDelivery(ctx, db, id, "a", models.MessageSent, models.ReasonNone, "", nil, &sent, later); err != nil || ok {
			t.Fatalf("a released b's claim: %v %v", ok, err)
		}
		if got, _ := models.DeliveryByID(ctx, db, id); got.State != models.MessageSending || got.ClaimedBy != "b" || got.Attempts != 2 {
			t.Errorf("a released b's claim: %s by %q, %d attempts", got.State, got.ClaimedBy, got.Attempts)
		}
		if ok, err := models.ReleaseDelivery(ctx, db, id, "b", models.MessageFailed, models.KakaoRefused("-402"), "kakao send: -402", nil, nil, later); err != nil || !ok {
			t.Fatal(ok, err)
		}
		if err := models.Summarize(ctx, db, m.ID, later); err != nil {
			t.Fatal(err)
		}
		if got, _ := models.MessageByID(ctx, db, m.ID); got.State != models.MessageFailed || got.Reason != "kakao:-402" || got.Attempts != 2 {
			t.Errorf("after b's release: %+v", got)
		}
	})
}

// A message is partial when some of its deliveries arrived and the others failed or
// wait; in flight wins, and all arrived is sent.
func TestSummaryTellsAPartialDelivery(t *testing.T) {
	now := time.Now()
	d := func(state string) models.Delivery { return models.Delivery{State: state, SentAt: &now} }
	for _, c := range []struct {
		ds   []models.Delivery
		want string
	}{
		{[]models.Delivery{d(models.MessageSent), d(models.MessageFailed)}, models.MessagePartial},
		{[]models.Delivery{d(models.MessageSent), d(models.MessageWaiting), d(models.MessageSent)}, models.MessagePartial},
		{[]models.Delivery{d(models.MessageSent), d(models.MessagePending)}, models.MessagePending},
		{[]models.Delivery{d(models.MessageFailed), d(models.MessageWaiting)}, models.MessageFailed},
		{[]models.Delivery{d(models.MessageSent), d(models.MessageSent)}, models.MessageSent},
		{nil, models.MessageWaiting},
	} {
		if got, _, _, _, sentAt := models.Summary(c.ds); got != c.want || (got == models.MessagePartial && sentAt != nil) {
			t.Errorf("%v: %s (sent at %v), want %s", c.ds, got, sentAt, c.want)
		}
	}
}
