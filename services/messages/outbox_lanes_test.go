package messages_test

import (
	"context"
	"net"
	"net/http"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/mailer"
	"sitecard/internal/mailer/mailfake"
	"sitecard/internal/mailer/mailfake/mailfaketest"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// blackHole is a webhook receiver that accepts connections and never answers.
func blackHole(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String() + "/hook"
}

// confirmEmail gives member the address addr and follows the confirmation link the
// relay received for it.
func confirmEmail(t *testing.T, k *site, relay *mailfake.Server, member int64, addr string) {
	t.Helper()
	ctx := context.Background()
	if err := k.srv.Members.UpdateProfile(ctx, member, map[string]string{"display_name": addr, "email": addr}); err != nil {
		t.Fatal(err)
	}
	if err := k.srv.Channels.SendConfirmation(ctx, member); err != nil {
		t.Fatal(err)
	}
	var token string
	for _, m := range relay.Mails() {
		if m.To == addr {
			if l := regexp.MustCompile(`/confirm-email/([A-Za-z0-9_-]+)`).FindStringSubmatch(strings.ReplaceAll(m.Data, "=\r\n", "")); l != nil {
				token = l[1]
			}
		}
	}
	if _, err := k.srv.Channels.Confirm(ctx, token); err != nil {
		t.Fatalf("confirm %s: %v", addr, err)
	}
}

// member adds a member with a published card of the same name, KakaoTalk off.
func (s *site) member(t *testing.T, login string) int64 {
	t.Helper()
	ctx := context.Background()
	m, err := s.srv.Members.Create(ctx, services.Actor{ID: s.alice, Admin: true}, map[string]string{"login": login, "password": login + "-pass-12"})
	if err != nil {
		t.Fatal(err)
	}
	card, err := s.srv.Cards.Create(ctx, services.Actor{ID: m.ID}, map[string]string{"slug": login, "name_ko": login})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.srv.Cards.UpdateSettings(ctx, services.Actor{ID: m.ID}, card.ID, map[string]string{"slug": login, "published": "on"}); err != nil {
		t.Fatal(err)
	}
	if err := s.srv.Channels.SetEnabled(ctx, m.ID, models.ChannelKakao, false); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func (s *site) sendTo(t *testing.T, card, text string) int64 {
	t.Helper()
	m, err := s.srv.Contacts.Submit(context.Background(), messages.Contact{Card: card, Name: "방문자",
		Email: "v@example.com", Message: text, ClientIP: "192.0.2.1"})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return m.ID
}

// Alice's webhook never answers, and the mail relay hangs on her address. Three messages
// to her, then one to Bob: Bob's webhook and mail arrive at once all the same, through
// the running worker. At shutdown Alice's tries in flight are given back, due again.
func TestNoReceiverHoldsUpAnother(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.WebhookAllowPrivate = true
		relay := mailfaketest.Start(t, false)
		cfg.SMTP = config.SMTPConfig{URL: relay.URL(), From: &mail.Address{Name: "sitecard", Address: "card@example.com"}}
		k := newSite(t, cfg, stackOptions{mailer: mailer.NewWithRoots(relay.URL(), false, relay.Roots)})
		ctx := context.Background()
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
			t.Fatal(err)
		}
		confirmEmail(t, k, relay, k.alice, "alice@slow.example")
		relay.Stall("alice@slow.example")
		if _, err := k.srv.Channels.SaveWebhook(ctx, k.alice, blackHole(t), "standard", false); err != nil {
			t.Fatal(err)
		}
		bob := k.member(t, "bob")
		confirmEmail(t, k, relay, bob, "bob@example.com")
		rcv := newReceiver(t)
		if _, err := k.srv.Channels.SaveWebhook(ctx, bob, "http://"+rcv.addr+"/hook", "standard", false); err != nil {
			t.Fatal(err)
		}

		workerCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); k.srv.Outbox.Run(workerCtx) }()
		t.Cleanup(func() { stop(); <-done })

		var first int64
		for i := range 3 {
			id := k.sendTo(t, "alice", "to alice "+string(rune('1'+i)))
			if first == 0 {
				first = id
			}
		}
		// Alice's first message is in the dead receivers' hands before Bob's is sent.
		poll(t, 5*time.Second, "alice's deliveries in flight", func() bool {
			return delivery(t, k, first, models.ChannelWebhook).State == models.MessageSending &&
				delivery(t, k, first, models.ChannelEmail).State == models.MessageSending
		})

		sent := time.Now()
		k.sendTo(t, "bob", "to bob")
		var hookAt, mailAt time.Duration
		poll(t, 2*time.Second, "bob's webhook and mail", func() bool {
			if hookAt == 0 {
				for _, p := range rcv.received() {
					if p.Body["message"] == "to bob" {
						hookAt = time.Since(sent)
					}
				}
			}
			if mailAt == 0 {
				for _, m := range relay.Mails() {
					if m.To == "bob@example.com" && strings.Contains(m.Data, "to bob") {
						mailAt = time.Since(sent)
					}
				}
			}
			return hookAt > 0 && mailAt > 0
		})
		t.Logf("beside a dead webhook and a hanging relay: Bob's webhook after %v, his mail after %v", hookAt, mailAt)

		// Shutdown: the worker stops within its grace, and gives Alice's tries back.
		stop()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Fatal("the worker did not stop")
		}
		for _, ch := range []string{models.ChannelWebhook, models.ChannelEmail} {
			if d := delivery(t, k, first, ch); d.State != models.MessagePending || d.ClaimedBy != "" || d.Attempts != 0 {
				t.Errorf("alice's %s delivery after shutdown: %s, claimed by %q, %d attempts", ch, d.State, d.ClaimedBy, d.Attempts)
			}
		}
	})
}

// poll checks cond until it holds or the deadline passes.
func poll(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(10 * time.Millisecond) // polling interval, not a wait for an outcome
	}
}

// A webhook that fails three times in a row rests as a whole: its other messages are
// moved past the rest without an attempt, one probe goes when it ends, and a probe that
// arrives lets the rest through.
func TestFailingChannelRestsAsAWhole(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, rcv := withWebhook(t, cfg)
		rcv.answer(http.StatusBadGateway, http.StatusBadGateway, http.StatusBadGateway, http.StatusBadGateway)
		var ids []int64
		for i := range 5 {
			ids = append(ids, k.send(t, "rest "+string(rune('a'+i))))
		}
		start := k.clock.Now()
		k.deliver(t)
		if n := len(rcv.received()); n != 3 {
			t.Fatalf("%d posts before the channel rests, want 3", n)
		}
		for _, id := range ids[3:] {
			d := delivery(t, k, id, models.ChannelWebhook)
			if d.State != models.MessagePending || d.Attempts != 0 || d.NextAttemptAt == nil || d.NextAttemptAt.Before(start.Add(29*time.Second)) {
				t.Errorf("a message behind the resting channel: %s, %d attempts, next %v", d.State, d.Attempts, d.NextAttemptAt)
			}
		}
		k.deliver(t) // nothing is due during the rest
		if n := len(rcv.received()); n != 3 {
			t.Fatalf("%d posts during the rest, want 3", n)
		}

		k.clock.Advance(31 * time.Second)
		k.deliver(t)
		if n := len(rcv.received()); n != 4 {
			t.Fatalf("%d posts after the first rest, want 4 (one probe)", n)
		}
		if d := delivery(t, k, ids[4], models.ChannelWebhook); d.Attempts != 0 || d.NextAttemptAt.Before(k.clock.Now().Add(59*time.Second)) {
			t.Errorf("after a failed probe the rest doubles: %d attempts, next %v (now %v)", d.Attempts, d.NextAttemptAt, k.clock.Now())
		}

		k.clock.Advance(61 * time.Second)
		k.deliver(t)
		if n := len(rcv.received()); n != 9 {
			t.Errorf("%d posts after the probe arrived, want 9", n)
		}
		for _, id := range ids {
			if m := k.message(t, id); m.State != models.MessageSent {
				t.Errorf("message %d: %s", id, m.State)
			}
		}
	})
}
