package messages_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

func TestDeliveryRetriesAndSendsExactlyOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{kakaoHTTP: &http.Client{Timeout: 300 * time.Millisecond}})
		k.connect(t)

		k.fake.FailNext(http.StatusInternalServerError, 2)
		id := k.send(t, "5xx")
		k.deliver(t)
		m := k.message(t, id)
		if m.State != models.MessagePending || m.NextAttemptAt == nil || m.Attempts != 1 {
			t.Fatalf("after a 500: %s attempts %d", m.State, m.Attempts)
		}
		k.deliver(t) // not due yet
		if k.message(t, id).Attempts != 1 {
			t.Fatal("retried before the backoff")
		}
		for range 3 {
			k.clock.Advance(10 * time.Minute)
			k.deliver(t)
		}
		if m := k.message(t, id); m.State != models.MessageSent || m.Attempts != 3 {
			t.Fatalf("after retries: %s attempts %d (%s)", m.State, m.Attempts, m.LastError)
		}
		// A timeout: the fake answers after the client gave up.
		k.fake.DelayNext(2*time.Second, 1)
		id2 := k.send(t, "timeout")
		k.deliver(t)
		if m := k.message(t, id2); m.State != models.MessagePending {
			t.Fatalf("after a timeout: %s", m.State)
		}
		k.clock.Advance(10 * time.Minute)
		k.deliver(t)
		if m := k.message(t, id2); m.State != models.MessageSent {
			t.Fatalf("after the timeout retry: %s", m.State)
		}
		count := map[string]int{}
		for _, m := range k.fake.Memos() {
			count[m.Text]++
		}
		for text, n := range count {
			if n != 1 {
				t.Errorf("%q delivered %d times", text, n)
			}
		}
		if len(count) != 2 {
			t.Errorf("%d distinct memos, want 2", len(count))
		}
		hist, err := models.MessageAttempts(context.Background(), k.srv.DB, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 3 || hist[0].Outcome != "retry" || hist[2].Outcome != "sent" {
			t.Errorf("history: %+v", hist)
		}
	})
}

func TestCrashBetweenCommitAndSendLosesNothing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{})
		k.connect(t)
		ctx := context.Background()
		// Committed, then the process died: never claimed, and one claimed mid-send.
		a := k.send(t, "claimed by nobody")
		b := k.send(t, "claimed by a dead worker")
		now := k.clock.Now().UTC()
		ds, err := models.DeliveriesOf(ctx, k.srv.DB, b)
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries of b: %v %v", ds, err)
		}
		if ok, err := models.ClaimDelivery(ctx, k.srv.DB, ds[0].ID, "dead", now, now.Add(-2*time.Minute)); err != nil || !ok {
			t.Fatalf("claim as a dead worker: %v %v", ok, err)
		}
		// A new instance starts on the same database.
		cfg2 := *cfg
		next := k.instance(t, &cfg2)
		if _, err := next.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if m := k.message(t, a); m.State != models.MessageSent {
			t.Errorf("unclaimed message after restart: %s", m.State)
		}
		if err := models.Summarize(ctx, k.srv.DB, b, now); err != nil {
			t.Fatal(err)
		}
		if m := k.message(t, b); m.State != models.MessageSending {
			t.Errorf("a fresh claim was stolen: %s", m.State)
		}
		k.clock.Advance(3 * time.Minute) // the dead worker's claim times out
		if _, err := next.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if m := k.message(t, b); m.State != models.MessageSent {
			t.Errorf("message of the dead worker: %s", m.State)
		}
	})
}

func TestTwoWorkersRacingSendEachMessageOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{})
		k.connect(t)
		other := k.instance(t, cfg)
		k.fake.SetDailyQuota(1000)
		ctx := context.Background()
		for i := range 200 {
			now := k.clock.Now().UTC()
			m := &models.Message{CardID: &k.cardID, MemberID: &k.alice, Name: "n",
				Email: "e@x.co", Body: fmt.Sprintf("race %03d", i), State: models.MessagePending, NextAttemptAt: &now,
				CreatedAt: now, UpdatedAt: now,
				Deliveries: []*models.Delivery{models.NewDelivery(models.ChannelKakao, models.MessagePending, models.ReasonNone, now)}}
			if err := models.InsertMessages(ctx, k.srv.DB, []*models.Message{m}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for _, o := range []*messages.Worker{k.srv.Outbox, other.Outbox} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := o.DeliverDue(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		seen := map[string]int{}
		for _, m := range k.fake.Memos() {
			seen[m.Text]++
		}
		if len(seen) != 200 {
			t.Errorf("%d distinct messages delivered, want 200", len(seen))
		}
		for text, n := range seen {
			if n != 1 {
				t.Errorf("%q sent %d times", text, n)
			}
		}
		if n, err := models.CountMessages(ctx, k.srv.DB, 0, true, 1000); err != nil || n != 0 {
			t.Errorf("%d messages not marked sent (%v), want 0", n, err)
		}
	})
}

// The README's first-run order: a visitor writes to the demo card before the first admin
// exists; the admin is created, connects KakaoTalk, and the message arrives.
func TestMessageBeforeTheFirstAdminArrivesAfterConnecting(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clk := &testutil.Clock{}
		fake := testutil.FakeKakao(t, cfg, clk)
		srv := newStack(t, cfg, stackOptions{clock: clk.Now})
		ctx := context.Background()
		m, err := srv.Contacts.Submit(ctx, messages.Contact{Card: "demo", Name: "첫 방문자", Email: "v@example.com", Message: "안녕하세요", ClientIP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		admin, err := srv.Members.Setup(ctx, map[string]string{"login": "admin", "password": "admin-pass-1"})
		if err != nil {
			t.Fatal(err)
		}
		// The admin sees it in the inbox, waiting.
		page, err := srv.Inbox.Messages(ctx, services.Actor{ID: admin.ID}, "", models.Cursor{}, 10)
		if err != nil || len(page.Messages) != 1 || page.Messages[0].State != models.MessageWaiting {
			t.Fatalf("the admin's inbox: %+v %v", page, err)
		}
		u, err := srv.Tokens.AuthorizeURL("st")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Tokens.Connect(ctx, admin.ID, testutil.Authorize(t, u).Query().Get("code")); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := models.MessageByID(ctx, srv.DB, m.ID)
		if err != nil || got.State != models.MessageSent {
			t.Fatalf("after connecting: %+v %v", got, err)
		}
		if memos := fake.Memos(); len(memos) != 1 || !strings.Contains(memos[0].Text, "안녕하세요") {
			t.Errorf("memos: %+v", memos)
		}
	})
}

// "Retry" on a message that waited for an owner delivers it once the card has one.
func TestRetryFindsTheOwnerAtDeliveryTime(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clk := &testutil.Clock{}
		fake := testutil.FakeKakao(t, cfg, clk)
		srv := newStack(t, cfg, stackOptions{clock: clk.Now})
		ctx := context.Background()
		m, err := srv.Contacts.Submit(ctx, messages.Contact{Card: "demo", Name: "n", Email: "v@example.com", Message: "retry me", ClientIP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		admin, err := srv.Members.Setup(ctx, map[string]string{"login": "admin", "password": "admin-pass-1"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := srv.Tokens.AuthorizeURL("st")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Tokens.Connect(ctx, admin.ID, testutil.Authorize(t, u).Query().Get("code")); err != nil {
			t.Fatal(err)
		}
		if err := srv.Inbox.Retry(ctx, services.Actor{ID: admin.ID, Admin: true}, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if got, err := models.MessageByID(ctx, srv.DB, m.ID); err != nil || got.State != models.MessageSent || len(fake.Memos()) != 1 {
			t.Fatalf("after retry: %+v %v, %d memos", got, err, len(fake.Memos()))
		}
	})
}

// Each delivery shows in the site's log at info.
func TestDeliveriesAreLogged(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	clk := &testutil.Clock{}
	testutil.FakeKakao(t, cfg, clk)
	var logged bytes.Buffer
	srv := newStack(t, cfg, stackOptions{clock: clk.Now, log: slog.New(slog.NewTextHandler(&logged, nil))})
	k := &site{srv: srv, clock: clk}
	m, err := srv.Members.Setup(context.Background(), map[string]string{"login": "alice", "password": "alice-pass-1"})
	if err != nil {
		t.Fatal(err)
	}
	k.alice = m.ID
	k.connect(t)
	m2, err := srv.Contacts.Submit(context.Background(), messages.Contact{Card: "demo", Name: "n", Email: "v@example.com", Message: "hi", ClientIP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	k.deliver(t)
	if !strings.Contains(logged.String(), "msg=\"message sent\" message="+strconv.FormatInt(m2.ID, 10)) {
		t.Errorf("no delivery line in the log:\n%s", logged.String())
	}
}
