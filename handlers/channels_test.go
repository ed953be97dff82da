package handlers_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/mailer"
	"sitecard/internal/mailer/mailfake/mailfaketest"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
)

var secretShown = regexp.MustCompile(`id="webhook-secret-value" type="text" readonly value="(whsec_[^"]+)"`)

// The channels page: a webhook saved shows its secret once, a private or plain address is
// refused inline (with and without htmx), and the switches turn channels on and off.
func TestChannelsPage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		page := c.get("/admin/channels")
		mustContain(t, "channels page", page.body, `id="channel-kakao"`, `id="channel-email"`, `id="channel-webhook"`,
			`type="url"`, `name="webhook_url"`, `<option value="slack"`, `<option value="ntfy"`)
		if !strings.Contains(c.get("/admin").body, `href="/admin/channels"`) {
			t.Error("the dashboard's navigation does not link the channels page")
		}
		for _, hx := range [][]string{nil, {"HX-Request", "true"}} {
			r := c.post("/admin/channels/webhook", url.Values{"webhook_url": {"https://10.0.0.7/hook"}, "preset": {"standard"}}, hx...)
			if !strings.Contains(r.body, `aria-invalid="true"`) || !strings.Contains(r.body, "공개 주소") || r.status >= 500 {
				t.Errorf("a private address (htmx %v): %d %.300q", hx != nil, r.status, r.body)
			}
		}
		// An address of this machine is refused with why, and the setting that allows it.
		for _, u := range []string{"http://127.0.0.1:9000/hook", "https://localhost/hook"} {
			for lang, want := range map[string]string{"ko": "WEBHOOK_ALLOW_PRIVATE=1을 설정하세요", "en": "set WEBHOOK_ALLOW_PRIVATE=1"} {
				r := c.post("/admin/channels/webhook", url.Values{"webhook_url": {u}, "preset": {"standard"}}, "Accept-Language", lang)
				msg := regexp.MustCompile(`id="webhook-webhook_url-error"[^>]*>([^<]*)<`).FindStringSubmatch(r.body)
				if msg == nil || !strings.Contains(msg[1], want) || strings.Contains(msg[1], "https://") {
					t.Errorf("%s (%s): the refusal does not name WEBHOOK_ALLOW_PRIVATE: %d %q", u, lang, r.status, msg)
				}
			}
		}
		// The switch says the state, then offers the action: never "끄기 켜짐".
		if p := c.get("/admin/channels").body; !regexp.MustCompile(`id="kakao-onoff">지금 켜져 있습니다\.</span>\s*<button[^>]*id="kakao-toggle"[^>]*>끄기</button>`).MatchString(p) {
			t.Error("the KakaoTalk switch does not read state, then action")
		}
		r := c.post("/admin/channels/webhook", url.Values{"webhook_url": {"https://hooks.example.com/in"}, "preset": {"discord"}})
		m := secretShown.FindStringSubmatch(r.body)
		if r.status != http.StatusOK || m == nil {
			t.Fatalf("saving a webhook: %d, no secret shown", r.status)
		}
		mustContain(t, "the secret's copy button", r.body, `data-copy="webhook-secret-value"`)
		if again := c.get("/admin/channels"); strings.Contains(again.body, m[1]) || !strings.Contains(again.body, "https://hooks.example.com/in") {
			t.Error("the secret is shown again, or the URL is not")
		}
		rot := secretShown.FindStringSubmatch(c.post("/admin/channels/webhook/rotate", nil).body)
		if rot == nil || rot[1] == m[1] {
			t.Error("rotating shows no new secret")
		}
		if r := c.post("/admin/channels/kakao/toggle", url.Values{"enabled": {"off"}}); r.status != http.StatusSeeOther {
			t.Fatalf("turning KakaoTalk off: %d", r.status)
		}
		if p := c.get("/admin/channels"); !regexp.MustCompile(`id="channel-kakao" data-health="off"`).MatchString(p.body) {
			t.Error("KakaoTalk is not shown off")
		}
		if r := c.post("/admin/channels/sms/toggle", url.Values{"enabled": {"on"}}); r.status != http.StatusNotFound {
			t.Errorf("an unknown channel: %d", r.status)
		}
		// The status fragment shows each channel's health beside the token panel.
		status := c.get("/admin/kakao/status", "HX-Request", "true")
		mustContain(t, "status fragment", status.body, `data-channel="kakao" data-health="off"`, `data-channel="webhook" data-health="healthy"`, `data-channel="email" data-health="off"`)
		// Email is refused with the reason when no relay is configured.
		if r := c.post("/admin/channels/email/confirm", nil); r.status != http.StatusConflict || !strings.Contains(r.body, "SMTP_URL") {
			t.Errorf("email without a relay: %d", r.status)
		}
	})
}

// A member confirms their address by the link mailed to them, through a page with a
// button (a mail scanner opening the link confirms nothing), then sends a test mail.
func TestEmailConfirmationFlow(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		relay := mailfaketest.Start(t, false)
		cfg.SMTP = config.SMTPConfig{URL: relay.URL(), From: &mail.Address{Address: "card@example.com"}}
		f := newFixtureWith(t, cfg, server.WithMailer(mailer.NewWithRoots(relay.URL(), false, relay.Roots)))
		c := newClient(t, f.srv)
		c.login("alice", "alice-pass-1")
		if r := c.post("/admin/account", url.Values{"display_name": {"Alice"}, "email": {"alice@example.com"}}); r.status != http.StatusSeeOther {
			t.Fatal(r.status)
		}
		if r := c.post("/admin/channels/email/confirm", nil); r.status != http.StatusSeeOther {
			t.Fatalf("send confirmation: %d %.200q", r.status, r.body)
		}
		mails := relay.Mails()
		if len(mails) != 1 {
			t.Fatalf("%d mails", len(mails))
		}
		link := regexp.MustCompile(`/confirm-email/[A-Za-z0-9_-]+`).FindString(strings.ReplaceAll(mails[0].Data, "=\r\n", ""))
		visitor := newClient(t, f.srv)
		page := visitor.get(link)
		mustContain(t, "confirmation page", page.body, `id="confirm-button"`)
		// Whoever holds the link sees the address it confirms, not the member's login.
		mustContain(t, "confirmation page", page.body, `id="confirm-address">alice@example.com</strong>`)
		if strings.Contains(page.body, ">alice<") {
			t.Error("the confirmation page shows the member's login")
		}
		if r := visitor.get("/confirm-email/not-a-live-token"); r.status != http.StatusGone || !strings.Contains(r.body, `id="confirm-expired"`) || strings.Contains(r.body, `id="confirm-button"`) {
			t.Errorf("an unknown link's page: %d", r.status)
		}
		if p := c.get("/admin/channels"); !strings.Contains(p.body, "alice@example.com 주소로 확인 링크를 보냈습니다") {
			t.Error("the pending confirmation is not shown")
		}
		if r := visitor.post(link, url.Values{}); r.status != http.StatusOK || !strings.Contains(r.body, `id="confirm-done"`) ||
			!strings.Contains(r.body, `id="confirm-address">alice@example.com</strong>`) {
			t.Fatalf("confirm: %d %.200q", r.status, r.body)
		}
		if r := visitor.post(link, url.Values{}); r.status != http.StatusGone || !strings.Contains(r.body, `id="confirm-expired"`) {
			t.Errorf("the link used twice: %d", r.status)
		}
		if r := c.post("/admin/channels/email/test", nil); r.status != http.StatusSeeOther || len(relay.Mails()) != 2 {
			t.Fatalf("test mail: %d, %d mails %.300q", r.status, len(relay.Mails()), r.body[strings.Index(r.body, "<main"):])
		}
		relay.Refuse("550 5.7.1 relaying denied")
		if r := c.post("/admin/channels/email/test", nil); r.status != http.StatusOK || !strings.Contains(r.body, `id="channels-alert"`) || !strings.Contains(r.body, "(550)") {
			t.Errorf("a refused test: %d %.300q", r.status, r.body)
		}
	})
}

// The dashboard offers admins a backup, streamed as a gzip file, and then shows its time.
func TestBackupDownload(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	c := newClient(t, f.srv)
	c.login("admin", adminPassword)
	if !strings.Contains(c.get("/admin").body, `id="backup-download"`) {
		t.Fatal("no backup link on the admin's dashboard")
	}
	r := c.get("/admin/backup")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/gzip" || !strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download: %d %v", r.status, r.header)
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(zr); err != nil || !bytes.Contains(b, []byte(`"format": "sitecard-backup"`)) || !bytes.Contains(b, []byte("alice")) {
		t.Errorf("the file does not read as a backup: %v", err)
	}
	if strings.Contains(c.get("/admin").body, "없음") {
		t.Error("the dashboard still says no backup was made")
	}
	bob := newClient(t, f.srv)
	bob.login("bob", "bob-pass-1")
	if strings.Contains(bob.get("/admin").body, `id="backup-download"`) {
		t.Error("a member is offered the backup")
	}
}

// The inbox shows a message's delivery by each channel, with its state and reason, and
// the history says which channel each attempt was.
func TestInboxShowsEachChannelsDelivery(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.WebhookAllowPrivate = true
	f := newFixture(t, cfg)
	ctx := context.Background()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }))
	t.Cleanup(hook.Close)
	if _, err := f.srv.Messages.Settings.SaveWebhook(ctx, f.aliceID, hook.URL+"/in", "slack", false); err != nil {
		t.Fatal(err)
	}
	f.addMessage(t)
	if _, err := f.srv.Messages.Worker.DeliverDue(ctx); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	page := c.get("/admin/messages/" + strconv.FormatInt(f.messageID, 10))
	mustContain(t, "message page", page.body, `data-channel="kakao" data-state="waiting"`, `data-channel="webhook" data-state="pending"`,
		"카카오톡이 연결되어 있지 않습니다", "웹훅 받는 쪽이 거절했습니다 (503)", "웹훅 · 1번째 시도")
}

// Routes declare what they take beyond the dashboard's limits: a channel's test has a
// slow receiver's time on top of the request deadline, a photo its file's size, and a
// form beside them neither.
func TestRouteAllowances(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.WebhookAllowPrivate = true
	// A deadline a loaded machine still meets for the sign-in and the saves (300 ms was
	// missed under load), and a receiver half again as slow as it.
	cfg.DBTimeout = time.Second
	f := newFixture(t, cfg)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(1500 * time.Millisecond) // a receiver slower than the request deadline
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(slow.Close)
	c := newClient(t, f.srv)
	c.login("alice", "alice-pass-1")
	if r := c.post("/admin/channels/webhook", url.Values{"webhook_url": {slow.URL + "/in"}, "preset": {"standard"}}); r.status != http.StatusOK {
		t.Fatalf("save: %d", r.status)
	}
	if r := c.post("/admin/channels/webhook/test", nil); r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "test_sent") {
		t.Errorf("a test to a receiver slower than DB_TIMEOUT: %d %q %.300q", r.status, r.header.Get("Location"), r.body)
	}
	card := "/admin/cards/" + strconv.FormatInt(f.cardID, 10)
	big := url.Values{"name_ko": {strings.Repeat("가", 200<<10)}}
	if r := c.post(card+"/profile", big); r.status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 600 KB profile form: %d, want 413", r.status)
	}
	if r := c.upload(card+"/photo", "photo", "p.png", bytes.Repeat([]byte{1}, 600<<10)); r.status == http.StatusRequestEntityTooLarge {
		t.Errorf("a 600 KB photo was refused as too large")
	}
}
