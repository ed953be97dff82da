package messages_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
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

// withMail is a site whose mail relay is a real SMTP server speaking STARTTLS, and whose
// alice has confirmed alice@example.com by following the link it mailed her.
func withMail(t *testing.T, cfg *config.Config) (*site, *mailfake.Server) {
	t.Helper()
	relay := mailfaketest.Start(t, false)
	cfg.SMTP = config.SMTPConfig{URL: relay.URL(), From: &mail.Address{Name: "sitecard", Address: "card@example.com"}}
	k := newSite(t, cfg, stackOptions{mailer: mailer.NewWithRoots(relay.URL(), false, relay.Roots)})
	ctx := context.Background()
	if err := k.srv.Members.UpdateProfile(ctx, k.alice, map[string]string{"display_name": "앨리스", "email": "alice@example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := k.srv.Channels.SendConfirmation(ctx, k.alice); err != nil {
		t.Fatal(err)
	}
	// Before the link is followed the address gets nothing.
	if sts, _ := k.srv.Channels.Status(ctx, k.alice); sts[1].Ready || sts[1].Pending != "alice@example.com" {
		t.Fatalf("before confirming: %+v", sts[1])
	}
	mails := relay.Mails()
	if len(mails) != 1 || mails[0].To != "alice@example.com" {
		t.Fatalf("confirmation mails: %+v", mails)
	}
	link := regexp.MustCompile(`/confirm-email/([A-Za-z0-9_-]+)`).FindStringSubmatch(strings.ReplaceAll(mails[0].Data, "=\r\n", ""))
	if link == nil {
		t.Fatalf("no link in %q", mails[0].Data)
	}
	if address, err := k.srv.Channels.ConfirmationAddress(ctx, link[1]); err != nil || address != "alice@example.com" {
		t.Fatalf("the link's address: %q %v", address, err)
	}
	if address, err := k.srv.Channels.Confirm(ctx, link[1]); err != nil || address != "alice@example.com" {
		t.Fatalf("confirm: %q %v", address, err)
	}
	if _, err := k.srv.Channels.Confirm(ctx, link[1]); !errors.Is(err, messages.ErrConfirmExpired) {
		t.Errorf("a link works twice: %v", err)
	}
	return k, relay
}

// delivery returns a message's delivery by channel.
func delivery(t *testing.T, k *site, msgID int64, channel string) models.Delivery {
	t.Helper()
	ds, err := models.DeliveriesOf(context.Background(), k.srv.DB, msgID)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Channel == channel {
			return d
		}
	}
	t.Fatalf("message %d has no %s delivery: %+v", msgID, channel, ds)
	return models.Delivery{}
}

// readMail reads a received mail as a mail client: its headers and decoded parts.
func readMail(t *testing.T, raw string) (mail.Header, map[string]string) {
	t.Helper()
	h, parts, err := mailfake.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return h, parts
}

// A message reaches KakaoTalk and email; the mail carries the whole message (the memo
// cuts it), the visitor as Reply-To and a Message-ID of its own.
func TestEmailDeliversTheWholeMessage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, relay := withMail(t, cfg)
		k.connect(t)
		long := "첫 줄\n" + strings.Repeat("긴 메시지입니다. ", 150)
		id := k.send(t, long)
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Fatalf("message %s (%s)", m.State, m.LastError)
		}
		mails := relay.Mails()[1:]
		if len(mails) != 1 || len(k.fake.Memos()) != 1 {
			t.Fatalf("%d mails, %d memos", len(mails), len(k.fake.Memos()))
		}
		h, parts := readMail(t, mails[0].Data)
		reply, err := mail.ParseAddress(h.Get("Reply-To"))
		if err != nil || reply.Address != "v@example.com" || reply.Name != "방문자" {
			t.Errorf("Reply-To %q", h.Get("Reply-To"))
		}
		if !strings.HasPrefix(h.Get("Message-Id"), "<message."+strconv.FormatInt(id, 10)+".") {
			t.Errorf("Message-ID %q", h.Get("Message-Id"))
		}
		for _, want := range []string{strings.TrimSpace(long), "v@example.com", "방문자", "/c/alice", "/admin/messages/" + strconv.FormatInt(id, 10)} {
			if !strings.Contains(parts["text/plain"], want) {
				t.Errorf("the text part lacks %.40q", want)
			}
		}
		if !strings.Contains(parts["text/html"], "긴 메시지입니다.") || strings.Count(parts["text/html"], "긴 메시지입니다.") != 150 {
			t.Errorf("the HTML part does not hold the whole message")
		}
		if len([]rune(k.fake.Memos()[0].Text)) >= len([]rune(long)) {
			t.Error("the memo was not cut: the test proves nothing")
		}
	})
}

// The relay down, then back: the mail waits with backoff and goes once it is back,
// while KakaoTalk was delivered at once. A permanent refusal fails only the email.
func TestEmailFaults(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, relay := withMail(t, cfg)
		k.connect(t)
		relay.Stop()
		id := k.send(t, "relay down")
		k.deliver(t)
		if d := delivery(t, k, id, models.ChannelEmail); d.State != models.MessagePending || d.Reason != models.ReasonUnreachable || d.Attempts != 1 {
			t.Fatalf("email with the relay down: %+v", d)
		}
		if d := delivery(t, k, id, models.ChannelKakao); d.State != models.MessageSent {
			t.Fatalf("KakaoTalk held up by the relay: %+v", d)
		}
		if m := k.message(t, id); m.State != models.MessagePending {
			t.Errorf("message %s while its mail is due again", m.State)
		}
		if err := relay.Restart(); err != nil {
			t.Fatal(err)
		}
		k.deliver(t) // not due yet: the backoff holds
		if len(relay.Mails()) != 1 {
			t.Fatal("retried before its backoff")
		}
		k.clock.Advance(31 * time.Second)
		k.deliver(t)
		if d := delivery(t, k, id, models.ChannelEmail); d.State != models.MessageSent || d.Attempts != 2 || len(relay.Mails()) != 2 {
			t.Fatalf("after the relay came back: %+v, %d mails", d, len(relay.Mails()))
		}
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Errorf("message %s", m.State)
		}

		// 4xx: again later; 5xx: failed with the relay's reply, KakaoTalk unaffected.
		relay.Refuse("451 4.3.0 try again later")
		tmp := k.send(t, "greylisted")
		k.deliver(t)
		if d := delivery(t, k, tmp, models.ChannelEmail); d.State != models.MessagePending || d.Reason != "smtp:451" {
			t.Errorf("after a 451: %+v", d)
		}
		relay.Refuse("550 5.1.1 no such user")
		perm := k.send(t, "no such user")
		k.deliver(t)
		d := delivery(t, k, perm, models.ChannelEmail)
		if d.State != models.MessageFailed || d.Reason != "smtp:550" || !strings.Contains(d.LastError, "no such user") {
			t.Errorf("after a 550: %+v", d)
		}
		if kd := delivery(t, k, perm, models.ChannelKakao); kd.State != models.MessageSent {
			t.Errorf("KakaoTalk after the mail's 550: %+v", kd)
		}
		// KakaoTalk has it, the mail failed: a partial delivery, with the mail's reason.
		if m := k.message(t, perm); m.State != models.MessagePartial || m.Reason != "smtp:550" {
			t.Errorf("message after a 550: %s %s", m.State, m.Reason)
		}
		hist, _ := models.MessageAttempts(context.Background(), k.srv.DB, perm)
		channels := map[string]string{}
		for _, a := range hist {
			channels[a.Channel] = a.Outcome
		}
		if channels["kakao"] != "sent" || channels["email"] != "failed" {
			t.Errorf("history by channel: %v", channels)
		}
		// The inbox's retry sends the failed mail again, and only it.
		if err := k.srv.Inbox.Retry(context.Background(), services.Actor{ID: k.alice}, perm); err != nil {
			t.Fatal(err)
		}
		k.deliver(t)
		if d := delivery(t, k, perm, models.ChannelEmail); d.State != models.MessageSent || len(k.fake.Memos()) != 3 {
			t.Errorf("after retry: %+v, %d memos", d, len(k.fake.Memos()))
		}
	})
}

// An instance that died holding a delivery's claim, by email and by webhook: another
// instance delivers it once the claim is stale, and it goes out once.
func TestClaimTakenOverAfterACrashOnEachChannel(t *testing.T) {
	for _, channel := range []string{models.ChannelEmail, models.ChannelWebhook} {
		t.Run(channel, func(t *testing.T) {
			testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
				var k *site
				var sent func() int
				var relay *mailfake.Server
				if channel == models.ChannelEmail {
					k, relay = withMail(t, cfg)
					sent = func() int { return len(relay.Mails()) - 1 } // the confirmation mail came first
				} else {
					var rcv *receiver
					k, rcv = withWebhook(t, cfg)
					sent = func() int { return len(rcv.received()) }
				}
				ctx := context.Background()
				if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
					t.Fatal(err)
				}
				id := k.send(t, "crash mid-delivery")
				d := delivery(t, k, id, channel)
				now := k.clock.Now().UTC()
				if ok, err := models.ClaimDelivery(ctx, k.srv.DB, d.ID, "dead", now, now.Add(-2*time.Minute)); err != nil || !ok {
					t.Fatal(ok, err)
				}
				var opt stackOptions
				if relay != nil {
					opt.mailer = mailer.NewWithRoots(relay.URL(), false, relay.Roots)
				}
				next := k.instance(t, cfg, opt)
				if _, err := next.Outbox.DeliverDue(ctx); err != nil {
					t.Fatal(err)
				}
				if sent() != 0 {
					t.Fatal("a fresh claim was taken over")
				}
				k.clock.Advance(3 * time.Minute)
				for range 2 { // a second pass finds nothing more to send
					if _, err := next.Outbox.DeliverDue(ctx); err != nil {
						t.Fatal(err)
					}
				}
				if got := sent(); got != 1 {
					t.Fatalf("sent %d times after the takeover, want 1", got)
				}
				if m := k.message(t, id); m.State != models.MessageSent {
					t.Errorf("message %s", m.State)
				}
			})
		})
	}
}

// receiver is a webhook endpoint that checks each post's signature with its own code
// (following standardwebhooks.com, not the site's package), and answers as told.
type receiver struct {
	t      *testing.T
	secret string
	addr   string
	srv    *http.Server

	mu      sync.Mutex
	answers []int
	posts   []post
}

type post struct {
	ID, Timestamp string
	Body          map[string]any
	Valid         bool
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	r.serve(ln)
	t.Cleanup(r.stop)
	return r
}

func (r *receiver) serve(ln net.Listener) {
	r.srv = &http.Server{Handler: r, ReadHeaderTimeout: 5 * time.Second}
	go r.srv.Serve(ln) //nolint:errcheck // stopped by stop
}

func (r *receiver) stop() { r.srv.Close() }

func (r *receiver) restart() {
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		r.t.Fatal(err)
	}
	r.serve(ln)
}

func (r *receiver) answer(codes ...int) {
	r.mu.Lock()
	r.answers = append(r.answers, codes...)
	r.mu.Unlock()
}

func (r *receiver) received() []post {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]post(nil), r.posts...)
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	p := post{ID: req.Header.Get("Webhook-Id"), Timestamp: req.Header.Get("Webhook-Timestamp")}
	json.Unmarshal(body, &p.Body) //nolint:errcheck // checked by the test through p.Body
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(r.secret, "whsec_"))
	if err == nil && req.Header.Get("Content-Type") == "application/json" {
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(p.ID + "." + p.Timestamp + "." + string(body)))
		want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
		for _, sig := range strings.Fields(req.Header.Get("Webhook-Signature")) {
			if v, s, _ := strings.Cut(sig, ","); v == "v1" && hmac.Equal([]byte(s), []byte(want)) {
				p.Valid = true
			}
		}
	}
	r.mu.Lock()
	code := http.StatusNoContent
	if len(r.answers) > 0 {
		code, r.answers = r.answers[0], r.answers[1:]
	}
	r.posts = append(r.posts, p)
	r.mu.Unlock()
	w.WriteHeader(code)
}

// withWebhook is a site whose alice posts to a receiver on this machine
// (WEBHOOK_ALLOW_PRIVATE), with KakaoTalk off.
func withWebhook(t *testing.T, cfg *config.Config) (*site, *receiver) {
	t.Helper()
	cfg.WebhookAllowPrivate = true
	k := newSite(t, cfg, stackOptions{})
	rcv := newReceiver(t)
	ctx := context.Background()
	secret, err := k.srv.Channels.SaveWebhook(ctx, k.alice, "http://"+rcv.addr+"/hook", "standard", false)
	if err != nil || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("save: %q %v", secret, err)
	}
	rcv.secret = secret
	if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
		t.Fatal(err)
	}
	return k, rcv
}

// A message is posted signed, in the documented shape; a receiver's 5xx is retried with
// the same Webhook-Id; a 410 turns the webhook off.
func TestWebhookDeliversSignedAndRetries(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, rcv := withWebhook(t, cfg)
		rcv.answer(http.StatusServiceUnavailable)
		id := k.send(t, "웹훅으로 갑니다")
		k.deliver(t)
		d := delivery(t, k, id, models.ChannelWebhook)
		if d.State != models.MessagePending || d.Reason != "webhook:503" {
			t.Fatalf("after a 503: %+v", d)
		}
		k.clock.Advance(31 * time.Second)
		k.deliver(t)
		posts := rcv.received()
		if len(posts) != 2 || !posts[0].Valid || !posts[1].Valid {
			t.Fatalf("posts %+v", posts)
		}
		want := "dlv_" + strconv.FormatInt(d.ID, 10)
		if posts[0].ID != want || posts[1].ID != want {
			t.Errorf("Webhook-Id %q then %q, want %q both times", posts[0].ID, posts[1].ID, want)
		}
		b := posts[1].Body
		if b["id"] != float64(id) || b["card"] != "alice" || b["name"] != "방문자" || b["email"] != "v@example.com" ||
			b["message"] != "웹훅으로 갑니다" || b["created_at"] == "" {
			t.Errorf("body %v", b)
		}
		if ts, _ := strconv.ParseInt(posts[1].Timestamp, 10, 64); ts < k.clock.Now().Unix()-5 || ts > k.clock.Now().Unix()+5 {
			t.Errorf("Webhook-Timestamp %s, now %d", posts[1].Timestamp, k.clock.Now().Unix())
		}
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Errorf("message %s", m.State)
		}

		// A rotated secret signs the next post; the old one no longer verifies.
		old := rcv.secret
		secret, err := k.srv.Channels.RotateSecret(context.Background(), k.alice)
		if err != nil || secret == old {
			t.Fatal(secret, err)
		}
		rcv.secret = secret
		k.send(t, "after rotation")
		k.deliver(t)
		if p := rcv.received()[2]; !p.Valid {
			t.Error("the rotated secret does not verify")
		}

		rcv.answer(http.StatusGone)
		gone := k.send(t, "gone")
		k.deliver(t)
		if d := delivery(t, k, gone, models.ChannelWebhook); d.State != models.MessageFailed || d.Reason != models.ReasonGone {
			t.Errorf("after a 410: %+v", d)
		}
		chs, _ := models.ChannelsOf(context.Background(), k.srv.DB, k.alice)
		if chs[models.ChannelWebhook].Enabled {
			t.Error("a 410 left the webhook on")
		}
	})
}

// The receiver down, then back; and a webhook failing never holds up KakaoTalk.
func TestWebhookDownThenBackBesideKakao(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, rcv := withWebhook(t, cfg)
		if err := k.srv.Channels.SetEnabled(context.Background(), k.alice, models.ChannelKakao, true); err != nil {
			t.Fatal(err)
		}
		k.connect(t)
		rcv.stop()
		id := k.send(t, "receiver down")
		k.deliver(t)
		if d := delivery(t, k, id, models.ChannelKakao); d.State != models.MessageSent || len(k.fake.Memos()) != 1 {
			t.Fatalf("KakaoTalk held up: %+v", d)
		}
		if d := delivery(t, k, id, models.ChannelWebhook); d.State != models.MessagePending || d.Reason != models.ReasonUnreachable {
			t.Fatalf("webhook with the receiver down: %+v", d)
		}
		sts, _ := k.srv.Channels.Status(context.Background(), k.alice)
		if sts[2].Health() != "failing" || sts[0].Health() != "healthy" {
			t.Errorf("health: kakao %s, webhook %s", sts[0].Health(), sts[2].Health())
		}
		rcv.restart()
		k.clock.Advance(31 * time.Second)
		k.deliver(t)
		if d := delivery(t, k, id, models.ChannelWebhook); d.State != models.MessageSent || len(rcv.received()) != 1 {
			t.Fatalf("after the receiver came back: %+v", d)
		}
		if len(k.fake.Memos()) != 1 {
			t.Errorf("KakaoTalk got the message %d times", len(k.fake.Memos()))
		}
		if sts, _ := k.srv.Channels.Status(context.Background(), k.alice); sts[2].Health() != "healthy" {
			t.Errorf("webhook health after delivering: %s", sts[2].Health())
		}
	})
}

// Without WEBHOOK_ALLOW_PRIVATE, a webhook may not name a private or plain-HTTP address.
func TestWebhookAddressesAreChecked(t *testing.T) {
	k := newSite(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"), stackOptions{})
	for raw, code := range map[string]string{
		"https://127.0.0.1/hook": "webhook_private", "https://169.254.169.254/latest/meta-data": "webhook_private",
		"https://[fd00::1]/x": "webhook_private", "http://hooks.example.com/in": "webhook_url",
	} {
		_, err := k.srv.Channels.SaveWebhook(context.Background(), k.alice, raw, "standard", false)
		var ve *services.ValidationError
		if !errors.As(err, &ve) || ve.Errors["webhook_url"].Code != code {
			t.Errorf("%s: %v, want %s", raw, err, code)
		}
	}
	if _, err := k.srv.Channels.SaveWebhook(context.Background(), k.alice, "https://hooks.example.com/in", "teams", false); err == nil {
		t.Error("an unknown preset was saved")
	}
}

// With every channel off a message waits, also when KakaoTalk connects (it is off); a
// channel turned on gives it a delivery, and it goes out.
func TestMessagesWaitForAChannelToBeTurnedOn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.WebhookAllowPrivate = true
		k := newSite(t, cfg, stackOptions{})
		ctx := context.Background()
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
			t.Fatal(err)
		}
		id := k.send(t, "nowhere to go yet")
		k.connect(t)
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageWaiting || m.Reason != models.ReasonChannelOff || len(k.fake.Memos()) != 0 {
			t.Fatalf("with every channel off: %s %s, %d memos", m.State, m.Reason, len(k.fake.Memos()))
		}
		rcv := newReceiver(t)
		secret, err := k.srv.Channels.SaveWebhook(ctx, k.alice, "http://"+rcv.addr+"/hook", "standard", false)
		if err != nil {
			t.Fatal(err)
		}
		rcv.secret = secret
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageSent || len(rcv.received()) != 1 || !rcv.received()[0].Valid {
			t.Fatalf("after a webhook was saved: %s, %d posts", m.State, len(rcv.received()))
		}
		if ds, _ := models.DeliveriesOf(ctx, k.srv.DB, id); len(ds) != 1 || ds[0].Channel != models.ChannelWebhook {
			t.Errorf("deliveries %+v, want the webhook's alone", ds)
		}
		if len(k.fake.Memos()) != 0 {
			t.Error("KakaoTalk, turned off, got the message")
		}
	})
}

// A channel turned off after a message came: its delivery is dropped at delivery time,
// the others go on, and the message is sent.
func TestChannelTurnedOffBeforeDelivery(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, rcv := withWebhook(t, cfg)
		ctx := context.Background()
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, true); err != nil {
			t.Fatal(err)
		}
		k.connect(t)
		id := k.send(t, "both channels")
		if ds, _ := models.DeliveriesOf(ctx, k.srv.DB, id); len(ds) != 2 {
			t.Fatalf("deliveries %+v", ds)
		}
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
			t.Fatal(err)
		}
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageSent || len(rcv.received()) != 1 || len(k.fake.Memos()) != 0 {
			t.Fatalf("message %s, %d posts, %d memos", m.State, len(rcv.received()), len(k.fake.Memos()))
		}
	})
}

// The account's address changed: the old confirmation no longer counts, so new messages
// are not mailed until the new address is confirmed; a link a minute at most.
func TestChangedAddressMustBeConfirmedAgain(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, relay := withMail(t, cfg)
		ctx := context.Background()
		if err := k.srv.Members.UpdateProfile(ctx, k.alice, map[string]string{"display_name": "앨리스", "email": "alice@new.example"}); err != nil {
			t.Fatal(err)
		}
		if sts, _ := k.srv.Channels.Status(ctx, k.alice); sts[1].Ready || sts[1].Target != "" {
			t.Errorf("after the address changed: %+v", sts[1])
		}
		id := k.send(t, "after the change")
		if ds, _ := models.DeliveriesOf(ctx, k.srv.DB, id); len(ds) != 1 || ds[0].Channel != models.ChannelKakao {
			t.Errorf("deliveries %+v, want KakaoTalk's alone", ds)
		}
		if err := k.srv.Channels.SendConfirmation(ctx, k.alice); err != nil {
			t.Fatal(err)
		}
		if err := k.srv.Channels.SendConfirmation(ctx, k.alice); !errors.Is(err, services.ErrRateLimited) {
			t.Errorf("a second link at once: %v", err)
		}
		k.clock.Advance(61 * time.Second)
		if err := k.srv.Channels.SendConfirmation(ctx, k.alice); err != nil {
			t.Errorf("a link a minute later: %v", err)
		}
		if got := relay.Mails(); len(got) != 3 || got[2].To != "alice@new.example" {
			t.Errorf("mails %d", len(got))
		}
	})
}

// A message planned for email just before the account's address changed is not failed:
// it goes by the channels that can still take it.
func TestAddressChangedBeforeDeliveryReplans(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, relay := withMail(t, cfg)
		ctx := context.Background()
		k.connect(t)
		id := k.send(t, "planned for email")
		if err := k.srv.Members.UpdateProfile(ctx, k.alice, map[string]string{"display_name": "앨리스", "email": "alice@new.example"}); err != nil {
			t.Fatal(err)
		}
		k.deliver(t)
		if m := k.message(t, id); m.State != models.MessageSent {
			t.Errorf("message %s (%s)", m.State, m.Reason)
		}
		if ds, _ := models.DeliveriesOf(ctx, k.srv.DB, id); len(ds) != 1 || ds[0].Channel != models.ChannelKakao {
			t.Errorf("deliveries %+v, want KakaoTalk's alone", ds)
		}
		if len(relay.Mails()) != 1 {
			t.Errorf("mailed the old address")
		}
	})
}

// A member's tests are bounded: a test posts wherever the member says.
func TestChannelTestsAreRateLimited(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, rcv := withWebhook(t, cfg)
		ctx := context.Background()
		for i := range messages.TestsPerMinute {
			if err := k.srv.Channels.Test(ctx, k.alice, models.ChannelWebhook, ""); err != nil {
				t.Fatalf("test %d: %v", i+1, err)
			}
		}
		if err := k.srv.Channels.Test(ctx, k.alice, models.ChannelWebhook, ""); !errors.Is(err, services.ErrRateLimited) {
			t.Errorf("test %d: %v, want rate limited", messages.TestsPerMinute+1, err)
		}
		if got := len(rcv.received()); got != messages.TestsPerMinute {
			t.Errorf("%d posts, want %d", got, messages.TestsPerMinute)
		}
		k.clock.Advance(time.Minute)
		if err := k.srv.Channels.Test(ctx, k.alice, models.ChannelWebhook, ""); err != nil {
			t.Errorf("a minute later: %v", err)
		}
	})
}

// A webhook URL is a credential: when posts to it fail, the log, the delivery history and
// the channel's last error name its host, never its path or query.
func TestWebhookURLStaysOutOfLogsAndHistory(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.WebhookAllowPrivate = true
		var logged bytes.Buffer
		k := newSite(t, cfg, stackOptions{log: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		host := ln.Addr().String()
		ln.Close() // nothing answers there: every post fails to connect
		ctx := context.Background()
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
			t.Fatal(err)
		}
		if _, err := k.srv.Channels.SaveWebhook(ctx, k.alice, "http://"+host+"/services/T0001/B0002/PATHSECRET?token=QUERYSECRET", "slack", false); err != nil {
			t.Fatal(err)
		}
		id := k.send(t, "secret hook")
		k.deliver(t)
		if err := k.srv.Channels.Test(ctx, k.alice, models.ChannelWebhook, ""); err == nil || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the test's error: %v", err)
		}
		attempts, err := models.MessageAttempts(ctx, k.srv.DB, id)
		if err != nil || len(attempts) == 0 {
			t.Fatalf("attempts %v %v", attempts, err)
		}
		chs, _ := models.ChannelsOf(ctx, k.srv.DB, k.alice)
		d := delivery(t, k, id, models.ChannelWebhook)
		for where, text := range map[string]string{"message_attempts.error": attempts[0].Error, "member_channels.last_error": chs[models.ChannelWebhook].LastError,
			"deliveries.last_error": d.LastError, "the log": logged.String()} {
			if strings.Contains(text, "SECRET") || strings.Contains(text, "T0001") {
				t.Errorf("%s shows the webhook's path or query: %s", where, text)
			}
			if !strings.Contains(text, host) {
				t.Errorf("%s does not name the host %s: %s", where, host, text)
			}
		}
	})
}

// A webhook may not post to the site itself (each message would come back in as a new
// one): BASE_URL's host and the address it listens on are refused when saved, private
// addresses allowed or not, and when dialled, for a delivery planned before ADDR pointed
// there (a restart with another ADDR).
func TestWebhookToTheSiteItselfIsRefused(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.WebhookAllowPrivate = true
		site := newReceiver(t) // stands for this site once ADDR is where it listens
		k := newSite(t, cfg, stackOptions{})
		ctx := context.Background()
		if err := k.srv.Channels.SetEnabled(ctx, k.alice, models.ChannelKakao, false); err != nil {
			t.Fatal(err)
		}
		// Saved and planned while the site listened elsewhere.
		if _, err := k.srv.Channels.SaveWebhook(ctx, k.alice, "http://"+site.addr+"/kakao/", "standard", false); err != nil {
			t.Fatal(err)
		}
		id := k.send(t, "loop")
		cfg.Addr = site.addr
		restarted := k.instance(t, cfg)
		for _, raw := range []string{cfg.BaseURL.String() + "/kakao/", "http://" + site.addr + "/kakao/", "http://localhost:" + site.addr[strings.LastIndex(site.addr, ":")+1:] + "/kakao/"} {
			_, err := restarted.Channels.SaveWebhook(ctx, k.alice, raw, "standard", false)
			var ve *services.ValidationError
			if !errors.As(err, &ve) || ve.Errors["webhook_url"].Code != "webhook_self" {
				t.Errorf("%s: %v, want webhook_self", raw, err)
			}
		}
		if _, err := restarted.Outbox.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if d := delivery(t, k, id, models.ChannelWebhook); d.State != models.MessageFailed || d.Reason != models.ReasonBlocked {
			t.Errorf("a webhook to the site itself: %s %s", d.State, d.Reason)
		}
		if n := len(site.received()); n != 0 {
			t.Errorf("the site was posted to %d times", n)
		}
	})
}

// A webhook saved under WEBHOOK_ALLOW_PRIVATE is refused after a restart without it: the
// start-up check names its member, its channel is not "healthy" but refused with the
// reason, and new messages are not planned to it.
func TestSavedWebhookIsCheckedAgainstTheSettingsAtStart(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, _ := withWebhook(t, cfg)
		k.send(t, "before the restart")
		k.deliver(t)
		ctx := context.Background()
		if sts, _ := k.srv.Channels.Status(ctx, k.alice); sts[2].Health() != "healthy" {
			t.Fatalf("before the restart: %s", sts[2].Health())
		}
		cfg.WebhookAllowPrivate = false
		restarted := k.instance(t, cfg)
		refused, err := restarted.Channels.RefusedWebhooks(ctx)
		if err != nil || len(refused) != 1 || refused[0] != k.alice {
			t.Errorf("refused at start-up: %v %v", refused, err)
		}
		sts, _ := restarted.Channels.Status(ctx, k.alice)
		if h := sts[2].Health(); h == "healthy" || sts[2].Reason != models.ReasonBlocked {
			t.Errorf("after a restart without WEBHOOK_ALLOW_PRIVATE: %s, reason %q", h, sts[2].Reason)
		}
		m, err := restarted.Contacts.Submit(ctx, messages.Contact{Card: "alice", Name: "n", Email: "v@example.com", Message: "after", ClientIP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range m.Deliveries {
			if d.Channel == models.ChannelWebhook {
				t.Errorf("a refused webhook was planned: %+v", d)
			}
		}
		if r, _ := restarted.Contacts.MemberReach(ctx, k.alice); r.Key() != messages.ReachSaved {
			t.Errorf("the visitor would be told %q", r.Key())
		}
	})
}

// An owner whose only channel is KakaoTalk, connected, while Kakao's API fails: after a
// delivery failed, the next visitor is told the owner's channels fail (the message is
// kept and retried), not that it goes straight to KakaoTalk; when KakaoTalk carries one
// again, visitors are told KakaoTalk again. A webhook told this since issue 26; KakaoTalk,
// whose channel row keeps no outcome, did not.
func TestAFailingKakaoTalkIsToldAsFailing(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newSite(t, cfg, stackOptions{})
		k.connect(t)
		ctx := context.Background()
		if r, _ := k.srv.Contacts.MemberReach(ctx, k.alice); r.Key() != models.ChannelKakao {
			t.Fatalf("connected: %q", r.Key())
		}
		k.fake.FailNext(http.StatusInternalServerError, 1)
		id := k.send(t, "while Kakao fails")
		k.deliver(t)
		if d := delivery(t, k, id, models.ChannelKakao); d.State == models.MessageSent {
			t.Fatalf("the fake did not fail: %+v", d)
		}
		k.clock.Advance(2 * time.Second) // past the second the reach is remembered
		if r, _ := k.srv.Contacts.MemberReach(ctx, k.alice); r.Key() != messages.ReachFailing {
			t.Errorf("after a failed KakaoTalk delivery the visitor is told %q", r.Key())
		}
		k.clock.Advance(10 * time.Minute)
		k.deliver(t)
		if d := delivery(t, k, id, models.ChannelKakao); d.State != models.MessageSent {
			t.Fatalf("the retry: %+v", d)
		}
		k.clock.Advance(2 * time.Second)
		if r, _ := k.srv.Contacts.MemberReach(ctx, k.alice); r.Key() != models.ChannelKakao {
			t.Errorf("after KakaoTalk carried the retry the visitor is told %q", r.Key())
		}
	})
}
