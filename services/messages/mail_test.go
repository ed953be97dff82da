package messages_test

import (
	"context"
	"mime"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/i18n"
	"sitecard/internal/testutil"
	"sitecard/models"
)

// The mails come from the templates and the catalogue, and a member reads in them what
// they read before: every label in Korean and in English, the message whole, the link,
// and nothing of a visitor's markup as markup. Read from a real SMTP server, as a mail
// client would.
func TestMailsSayItInKoreanAndEnglish(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k, relay := withMail(t, cfg)
		catalog, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		both := func(key string) string {
			return catalog.T(i18n.Korean, key) + " (" + catalog.T(i18n.English, key) + ")"
		}
		var dec mime.WordDecoder
		subject := func(raw string) string {
			h, _ := readMail(t, raw)
			s, err := dec.DecodeHeader(h.Get("Subject"))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		crlf := strings.NewReplacer("\r\n", "\n")

		// The confirmation withMail followed.
		confirm := relay.Mails()[0]
		_, parts := readMail(t, confirm.Data)
		if got := subject(confirm.Data); got != "sitecard: 메일 주소 확인 (confirm your address)" {
			t.Errorf("confirmation subject %q", got)
		}
		text := crlf.Replace(parts["text/plain"])
		link := regexp.MustCompile(`http://\S+/confirm-email/[A-Za-z0-9_-]+`).FindString(text)
		want := "sitecard: " + both("mail.confirm_intro") + "\n\n" + link + "\n\n" + both("mail.confirm_life")
		if link == "" || strings.TrimSpace(text) != want {
			t.Errorf("confirmation text:\n%s\nwant:\n%s", text, want)
		}
		for _, w := range []string{"이 주소로 메시지를 받으려면", "To receive messages at this address", `href="` + link + `"`} {
			if !strings.Contains(parts["text/html"], w) {
				t.Errorf("the confirmation's HTML lacks %q", w)
			}
		}

		// A message, with markup in every field a visitor fills in.
		now := k.clock.Now().UTC()
		m := &models.Message{CardID: &k.cardID, MemberID: &k.alice, Name: "<b>Eve</b> & co", Email: "eve@example.com",
			Body: "안녕하세요\n<script>alert(1)</script>", CreatedAt: now, UpdatedAt: now}
		if err := k.srv.Messages.Enqueue(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		k.deliver(t)
		mails := relay.Mails()
		if len(mails) != 2 {
			t.Fatalf("%d mails, want the confirmation and the message", len(mails))
		}
		_, parts = readMail(t, mails[1].Data)
		inbox := cfg.BaseURL.String() + "/admin/messages/" + strconv.FormatInt(m.ID, 10)
		want = "이름 (Name): <b>Eve</b> & co\n메일 (Email): eve@example.com\n카드 (Card): /c/alice\n메세지 (Message):\n" +
			"안녕하세요\n<script>alert(1)</script>\n\n" + inbox + "\n"
		if got := crlf.Replace(parts["text/plain"]); got != want {
			t.Errorf("message text:\n%q\nwant:\n%q", got, want)
		}
		if got := subject(mails[1].Data); got != "sitecard: <b>Eve</b> & co — /c/alice" {
			t.Errorf("message subject %q", got)
		}
		html := parts["text/html"]
		for _, w := range []string{both("mail.name"), both("mail.email"), both("mail.card"), both("mail.open"),
			"&lt;b&gt;Eve&lt;/b&gt; &amp; co", "&lt;script&gt;alert(1)&lt;/script&gt;", `href="` + inbox + `"`} {
			if !strings.Contains(html, w) {
				t.Errorf("the message's HTML lacks %q:\n%s", w, html)
			}
		}
		if strings.Contains(html, "<script>") || strings.Contains(html, "<b>Eve") {
			t.Errorf("a visitor's markup reached the HTML as markup:\n%s", html)
		}
	})
}
