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

// The outbox's next work is one delivery per member, by due time across members: a
// member with many retries due first does not keep another member's new message waiting
// behind all of them; and a resting channel's deliveries move past its rest unattempted.
func TestDueByMemberIsFairAcrossMembers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		db := testutil.DB(t, cfg)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		var ids []int64
		for _, login := range []string{"alice", "bob"} {
			m := &models.Member{Login: login, Role: models.RoleMember, CreatedAt: now, UpdatedAt: now}
			if err := models.InsertMember(ctx, db, m); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		alice, bob := ids[0], ids[1]
		add := func(member int64, due time.Time) int64 {
			m := newMessage("m", due)
			m.MemberID = &member
			m.Deliveries = []*models.Delivery{models.NewDelivery(models.ChannelWebhook, models.MessagePending, models.ReasonNone, due)}
			if err := models.InsertMessages(ctx, db, []*models.Message{m}); err != nil {
				t.Fatal(err)
			}
			return m.Deliveries[0].ID
		}
		var alices []int64
		for i := range 30 {
			alices = append(alices, add(alice, now.Add(-time.Hour+time.Duration(i)*time.Second)))
		}
		bobs := add(bob, now)
		due, err := models.DueByMember(ctx, db, models.ChannelWebhook, now, now.Add(-time.Minute), 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 2 || due[0].ID != alices[0] || due[0].MemberID != alice || due[1].ID != bobs || due[1].MemberID != bob {
			t.Errorf("due: %+v, want alice's oldest then bob's", due)
		}
		if other, err := models.DueByMember(ctx, db, models.ChannelEmail, now, now.Add(-time.Minute), 10); err != nil || len(other) != 0 {
			t.Errorf("email: %+v %v", other, err)
		}
		// Alice's channel rests for ten minutes: none of hers is due, bob's still is.
		n, err := models.DeferChannel(ctx, db, alice, models.ChannelWebhook, now.Add(10*time.Minute), now)
		if err != nil || n != 30 {
			t.Fatalf("deferred %d (%v), want 30", n, err)
		}
		due, err = models.DueByMember(ctx, db, models.ChannelWebhook, now, now.Add(-time.Minute), 10)
		if err != nil || len(due) != 1 || due[0].ID != bobs {
			t.Errorf("during alice's rest: %+v %v", due, err)
		}
		d, err := models.DeliveryByID(ctx, db, alices[0])
		if err != nil || d.Attempts != 0 || !d.NextAttemptAt.Equal(now.Add(10*time.Minute)) {
			t.Errorf("a deferred delivery: %+v %v", d, err)
		}
	})
}
