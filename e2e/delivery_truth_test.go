package e2e

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sitecard/internal/config"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/mailer"
	"sitecard/internal/mailer/mailfake"
	"sitecard/internal/mailer/mailfake/mailfaketest"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/models"
	"sitecard/services"
)

// A visitor is told, before and after sending, what will happen to their message, in
// both languages, on four cards: one whose owner has KakaoTalk connected (the fake
// Kakao), one whose owner has only a confirmed email address, one whose owner has no
// channel ready (KakaoTalk on, never connected), and one whose owner's only channel is
// failing (a webhook that answers 500). Nobody is told "delivered".
func TestVisitorIsToldWhereTheMessageGoes(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		var offset atomic.Int64
		now := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		base := "http://" + ln.Addr().String()
		cfg.BaseURL.Host = ln.Addr().String()
		redirect := base + "/admin/kakao/callback"
		fake := kakaofake.New("rest-key", "", redirect)
		fs := httptest.NewServer(fake)
		t.Cleanup(fs.Close)
		cfg.Kakao = config.KakaoConfig{RestAPIKey: "rest-key", RedirectURI: redirect, AuthURL: fs.URL, APIURL: fs.URL}
		relay := mailfaketest.Start(t, false)
		cfg.SMTP = config.SMTPConfig{URL: relay.URL(), From: &mail.Address{Name: "sitecard", Address: "card@example.com"}}
		cfg.WebhookAllowPrivate = true
		cfg.ContactPerIP, cfg.ContactPerCard = config.Rate{}, config.Rate{}
		cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
		srv := testsite.Server(t, cfg, server.WithClock(now), server.WithMailer(mailer.NewWithRoots(relay.URL(), false, relay.Roots)))
		serveCtx, stop := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- srv.Serve(serveCtx, ln, 5*time.Second) }()
		t.Cleanup(func() { stop(); <-done })

		ctx := context.Background()
		admin, err := models.MemberByLogin(ctx, srv.DB, "owner")
		if err != nil {
			t.Fatal(err)
		}
		owner := func(login string) int64 {
			t.Helper()
			m, err := srv.Members.Create(ctx, services.Actor{ID: admin.ID, Admin: true}, map[string]string{"login": login, "password": login + "-pass-12"})
			if err != nil {
				t.Fatal(err)
			}
			card, err := srv.Cards.Create(ctx, services.Actor{ID: m.ID}, map[string]string{"slug": login, "name_ko": login})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Cards.UpdateSettings(ctx, services.Actor{ID: m.ID}, card.ID, map[string]string{"slug": login, "published": "on"}); err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		kakaoOff := func(id int64) {
			t.Helper()
			if err := srv.Messages.Settings.SetEnabled(ctx, id, models.ChannelKakao, false); err != nil {
				t.Fatal(err)
			}
		}

		// KakaoTalk connected, through the fake's consent.
		kakaoOwner := owner("kakao-owner")
		u, err := srv.Messages.Account.AuthorizeURL("st")
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Messages.Account.Connect(ctx, kakaoOwner, testutil.Authorize(t, u).Query().Get("code")); err != nil {
			t.Fatal(err)
		}
		// Email only: the address confirmed by the link the relay received.
		emailOwner := owner("mail-owner")
		kakaoOff(emailOwner)
		if err := srv.Members.UpdateProfile(ctx, emailOwner, map[string]string{"display_name": "mail", "email": "mail-owner@example.com"}); err != nil {
			t.Fatal(err)
		}
		if err := srv.Messages.Settings.SendConfirmation(ctx, emailOwner); err != nil {
			t.Fatal(err)
		}
		link := regexp.MustCompile(`/confirm-email/([A-Za-z0-9_-]+)`).FindStringSubmatch(strings.ReplaceAll(relay.Mails()[0].Data, "=\r\n", ""))
		if link == nil {
			t.Fatal("no confirmation link")
		}
		if _, err := srv.Messages.Settings.Confirm(ctx, link[1]); err != nil {
			t.Fatal(err)
		}
		// No channel ready: KakaoTalk on, as for every new member, but never connected.
		owner("quiet-owner")
		// Failing: the only channel is a webhook whose receiver answers 500.
		failingOwner := owner("failing-owner")
		kakaoOff(failingOwner)
		broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
		t.Cleanup(broken.Close)
		if _, err := srv.Messages.Settings.SaveWebhook(ctx, failingOwner, broken.URL+"/hook", "standard", false); err != nil {
			t.Fatal(err)
		}
		if err := srv.Messages.Settings.Test(ctx, failingOwner, models.ChannelWebhook, ""); err == nil {
			t.Fatal("the broken receiver's test succeeded")
		}

		type words struct{ before, after string }
		states := []struct {
			card string
			say  map[string]words
		}{
			{"kakao-owner", map[string]words{"ko": {"카카오톡으로 바로 전달됩니다", "카카오톡으로 보내는 중입니다"},
				"en": {"straight to the owner by KakaoTalk.", "on its way to the owner by KakaoTalk."}}},
			{"mail-owner", map[string]words{"ko": {"메일로 바로 전달됩니다", "메일로 보내는 중입니다"},
				"en": {"straight to the owner by email.", "on its way to the owner by email."}}},
			{"quiet-owner", map[string]words{"ko": {"바로 알릴 곳이 없습니다", "받은 편지함에서 읽습니다"},
				"en": {"cannot be told right away", "read it in their inbox"}}},
			{"failing-owner", map[string]words{"ko": {"지금 응답하지 않습니다", "응답하지 않아, 저장해 두었다가 다시 보냅니다"},
				"en": {"not answering right now", "it will be sent again"}}},
		}
		b := browser(t)
		for _, lang := range []string{"ko", "en"} {
			for _, st := range states {
				do(t, b, chromedp.Navigate(base+"/c/"+st.card+"?lang="+lang), chromedp.WaitVisible(chromedp.CSS(".card")),
					chromedp.Click(chromedp.CSS("#kakao-open")), chromedp.WaitVisible(chromedp.CSS("#contact-reach")))
				before := eval[string](t, b, `document.querySelector("#kakao-window #contact-reach").textContent`)
				if !strings.Contains(before, st.say[lang].before) {
					t.Errorf("%s, %s, before sending: %q, want %q", st.card, lang, before, st.say[lang].before)
				}
				offset.Add(int64(5 * time.Second)) // a person takes a few seconds to write
				do(t, b,
					chromedp.SendKeys(chromedp.CSS("#contact-form input[name=name]"), "김방문"),
					chromedp.SendKeys(chromedp.CSS("#contact-form input[name=email]"), "visit@example.com"),
					chromedp.SendKeys(chromedp.CSS("#contact-form textarea[name=message]"), "to "+st.card+" in "+lang),
					chromedp.Click(chromedp.CSS("#contact-form button[type=submit]")),
				)
				waitTrue(t, b, `!!document.querySelector("#kakao-window .contact-sent")`)
				after := eval[string](t, b, `document.querySelector("#kakao-window .contact-sent").textContent`)
				if !strings.Contains(after, st.say[lang].after) {
					t.Errorf("%s, %s, after sending: %q, want %q", st.card, lang, after, st.say[lang].after)
				}
				if strings.Contains(after, "전달되었습니다") || strings.Contains(strings.ToLower(after), "delivered") {
					t.Errorf("%s, %s: the visitor is told the message was delivered: %q", st.card, lang, after)
				}
			}
		}
		// What the words promised happens: the memos reach the fake Kakao and the mails the
		// relay (the worker runs beside the server).
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) && (len(fake.Memos()) < 2 || countTo(relay, "mail-owner@example.com") < 2) {
			time.Sleep(20 * time.Millisecond) // polling with a deadline
		}
		if n, m := len(fake.Memos()), countTo(relay, "mail-owner@example.com"); n != 2 || m != 2 {
			t.Errorf("%d memos and %d mails arrived, want 2 each", n, m)
		}
	})
}

// countTo counts the message mails the relay accepted for addr (not the confirmation).
func countTo(relay *mailfake.Server, addr string) int {
	n := 0
	for _, m := range relay.Mails() {
		if m.To == addr && strings.Contains(m.Data, "/admin/messages/") {
			n++
		}
	}
	return n
}
