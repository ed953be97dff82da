package messages_test

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/mailer/mailfake"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services/messages"
)

// Retries end: on every channel a delivery that keeps failing is tried MaxAttempts times,
// backing off, then fails for good, and is never tried again.
func TestRetriesEndAfterTheLastAttemptOnEveryChannel(t *testing.T) {
	for _, channel := range []string{models.ChannelKakao, models.ChannelEmail, models.ChannelWebhook} {
		t.Run(channel, func(t *testing.T) {
			testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
				var k *site
				switch channel {
				case models.ChannelKakao:
					k = newSite(t, cfg, stackOptions{})
					k.connect(t)
					k.fake.FailNext(http.StatusServiceUnavailable, 1000)
				case models.ChannelEmail:
					var relay *mailfake.Server
					k, relay = withMail(t, cfg)
					for range 50 {
						relay.Refuse("451 4.3.0 try again later")
					}
				case models.ChannelWebhook:
					var rcv *receiver
					k, rcv = withWebhook(t, cfg)
					for range 50 {
						rcv.answer(http.StatusServiceUnavailable)
					}
				}
				id := k.send(t, "never arrives")
				for round := range messages.MaxAttempts + 3 {
					k.deliver(t)
					d := delivery(t, k, id, channel)
					want := min(round+1, messages.MaxAttempts)
					if d.Attempts != want {
						t.Fatalf("round %d: %d attempts, want %d", round, d.Attempts, want)
					}
					if final := d.Attempts == messages.MaxAttempts; final != (d.State == models.MessageFailed) {
						t.Fatalf("after %d attempts the delivery is %s", d.Attempts, d.State)
					}
					k.clock.Advance(31 * time.Minute) // past the longest backoff
				}
				hist, err := models.MessageAttempts(context.Background(), k.srv.DB, id)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, a := range hist {
					if a.Channel == channel {
						n++
					}
				}
				if n != messages.MaxAttempts {
					t.Errorf("%d tries recorded, want %d", n, messages.MaxAttempts)
				}
			})
		})
	}
}

// A confirmation link confirms the address it was sent to, for the member it was sent
// to, and nothing else: not altered, not another member's, not after it expired.
func TestConfirmationTokensAreTheirOwn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, relay := withMail(t, cfg) // alice confirmed alice@example.com
		ctx := context.Background()
		bob := k.member(t, "bob")
		if err := k.srv.Members.UpdateProfile(ctx, bob, map[string]string{"display_name": "Bob", "email": "bob@example.com"}); err != nil {
			t.Fatal(err)
		}
		if err := k.srv.Channels.SendConfirmation(ctx, bob); err != nil {
			t.Fatal(err)
		}
		token := lastToken(t, relay.Mails(), "bob@example.com")
		last := "A"
		if strings.HasSuffix(token, "A") {
			last = "B"
		}
		altered := token[:len(token)-1] + last // one character off
		for name, tok := range map[string]string{"altered": altered, "empty": "", "too long": strings.Repeat("a", 101),
			"made up": "dGhpcyBpcyBub3QgYSB0b2tlbiBhdCBhbGw", "with the path": "/confirm-email/" + token} {
			if _, err := k.srv.Channels.Confirm(ctx, tok); !errors.Is(err, messages.ErrConfirmExpired) {
				t.Errorf("%s token: %v, want refused", name, err)
			}
		}
		address, err := k.srv.Channels.Confirm(ctx, token)
		if err != nil || address != "bob@example.com" {
			t.Fatalf("bob's own token confirmed %q (%v), want bob@example.com", address, err)
		}
		chs, _ := models.ChannelsOf(ctx, k.srv.DB, k.alice)
		if got := chs[models.ChannelEmail].Target; got != "alice@example.com" {
			t.Errorf("bob's token changed alice's address to %q", got)
		}
		chs, _ = models.ChannelsOf(ctx, k.srv.DB, bob)
		if got := chs[models.ChannelEmail].Target; got != "bob@example.com" {
			t.Errorf("bob's address %q", got)
		}
		// Alice changes her address: a link for it works for 48 hours, not after.
		if err := k.srv.Members.UpdateProfile(ctx, k.alice, map[string]string{"display_name": "앨리스", "email": "alice2@example.com"}); err != nil {
			t.Fatal(err)
		}
		k.clock.Advance(2 * time.Minute)
		if err := k.srv.Channels.SendConfirmation(ctx, k.alice); err != nil {
			t.Fatal(err)
		}
		late := lastToken(t, relay.Mails(), "alice2@example.com")
		k.clock.Advance(48*time.Hour + time.Second)
		if _, err := k.srv.Channels.Confirm(ctx, late); !errors.Is(err, messages.ErrConfirmExpired) {
			t.Errorf("an expired link: %v", err)
		}
	})
}

var confirmLink = regexp.MustCompile(`/confirm-email/([A-Za-z0-9_-]+)`)

func lastToken(t *testing.T, mails []mailfake.Mail, to string) string {
	t.Helper()
	token := ""
	for _, m := range mails {
		if m.To == to {
			if l := confirmLink.FindStringSubmatch(strings.ReplaceAll(m.Data, "=\r\n", "")); l != nil {
				token = l[1]
			}
		}
	}
	if token == "" {
		t.Fatalf("no confirmation link to %s", to)
	}
	return token
}

// No line break a visitor types reaches the headers of the mail that carries their
// message: not through the name (Reply-To, Subject), not through the address (Reply-To),
// even for a message stored without the form's checks (an older row, a restored backup).
func TestMailHeadersHoldNoVisitorLineBreak(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, relay := withMail(t, cfg)
		ctx := context.Background()
		now := k.clock.Now().UTC()
		for _, bad := range []struct{ name, email string }{
			{"방문자\r\nBcc: evil@example.com", "v@example.com"},
			{"x\nX-Injected: 1", "v@example.com\r\nBcc: evil2@example.com"},
			{"y\rBcc: evil3@example.com", "v@example.com\nX-Injected: 2"},
		} {
			m := &models.Message{CardID: &k.cardID, MemberID: &k.alice, Name: bad.name, Email: bad.email, Body: "본문\r\nBcc: in-body@example.com",
				CreatedAt: now, UpdatedAt: now}
			if err := k.srv.Messages.Enqueue(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		k.deliver(t)
		allowed := map[string]bool{"From": true, "To": true, "Reply-To": true, "Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true, "Content-Type": true}
		n := 0
		for _, m := range relay.Mails() {
			if !strings.Contains(m.Data, "/admin/messages/") {
				continue // the confirmation
			}
			n++
			if m.To != "alice@example.com" {
				t.Errorf("a mail went to %q", m.To)
			}
			msg, err := mail.ReadMessage(strings.NewReader(m.Data))
			if err != nil {
				t.Fatalf("unreadable mail: %v", err)
			}
			for key := range msg.Header {
				if !allowed[key] {
					t.Errorf("header %s reached the mail: %q", key, msg.Header[key])
				}
			}
			if len(msg.Header["Reply-To"]) != 1 || len(msg.Header["Subject"]) != 1 {
				t.Errorf("Reply-To %q, Subject %q", msg.Header["Reply-To"], msg.Header["Subject"])
			}
		}
		if n != 3 {
			t.Errorf("%d message mails, want 3", n)
		}
	})
}
