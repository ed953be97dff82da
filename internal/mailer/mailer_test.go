package mailer_test

import (
	"context"
	"errors"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"sitecard/internal/mailer"
	"sitecard/internal/mailer/mailfake"
	"sitecard/internal/mailer/mailfake/mailfaketest"
)

func sample() *mailer.Mail {
	return &mailer.Mail{From: mailer.Address("sitecard", "card@example.com"), To: mailer.Address("앨리스", "alice@example.com"),
		ReplyTo: mailer.Address("방문자", "visitor@example.org"), Subject: "안녕 — /c/alice", Text: "첫 줄\n둘째 줄 " + strings.Repeat("긴 글 ", 400),
		HTML: "<p>첫 줄</p>", MessageID: "message.1.2@example.com", Date: time.Date(2026, 11, 28, 1, 2, 3, 0, time.UTC)}
}

// parts reads a sent mail back as a mail client would: headers, and the decoded text of
// each part by content type.
func parts(t *testing.T, raw string) (mail.Header, map[string]string) {
	t.Helper()
	h, ps, err := mailfake.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if mt, _, _ := mime.ParseMediaType(h.Get("Content-Type")); mt != "multipart/alternative" {
		t.Fatalf("content type %q", h.Get("Content-Type"))
	}
	return h, ps
}

// A mail over STARTTLS with authentication reaches a real SMTP server whole: both parts,
// the visitor as Reply-To, the Message-ID, and the Korean text.
func TestSendOverSTARTTLSAndImplicitTLS(t *testing.T) {
	for _, implicit := range []bool{false, true} {
		srv := mailfaketest.Start(t, implicit)
		s := mailer.NewWithRoots(srv.URL(), false, srv.Roots)
		if err := s.Send(context.Background(), sample()); err != nil {
			t.Fatalf("implicit TLS %v: %v", implicit, err)
		}
		got := srv.Mails()
		if len(got) != 1 || !got[0].TLS || got[0].User != "site" || got[0].To != "alice@example.com" || got[0].From != "card@example.com" {
			t.Fatalf("received %+v", got)
		}
		h, ps := parts(t, got[0].Data)
		dec := new(mime.WordDecoder)
		subject, _ := dec.DecodeHeader(h.Get("Subject"))
		reply, err := mail.ParseAddress(h.Get("Reply-To"))
		if err != nil || reply.Address != "visitor@example.org" || reply.Name != "방문자" || subject != "안녕 — /c/alice" ||
			h.Get("Message-ID") != "<message.1.2@example.com>" {
			t.Errorf("headers: %v (reply %v, subject %q)", h, reply, subject)
		}
		if ps["text/plain"] != sample().Text || ps["text/html"] != "<p>첫 줄</p>" {
			t.Errorf("parts: %q", ps)
		}
	}
}

// Without the relay's certificate trusted the mail is not sent; ?insecure=1 sends it.
func TestCertificateIsVerifiedUnlessInsecure(t *testing.T) {
	srv := mailfaketest.Start(t, false)
	if err := mailer.New(srv.URL(), false).Send(context.Background(), sample()); err == nil {
		t.Fatal("sent to a relay with an untrusted certificate")
	}
	if err := mailer.New(srv.URL(), true).Send(context.Background(), sample()); err != nil {
		t.Fatalf("insecure: %v", err)
	}
}

// The relay's refusals keep their code: 4xx is temporary, 5xx permanent.
func TestRefusalsKeepTheirCode(t *testing.T) {
	srv := mailfaketest.Start(t, false)
	s := mailer.NewWithRoots(srv.URL(), false, srv.Roots)
	for reply, permanent := range map[string]bool{"451 4.3.0 try again later": false, "550 5.1.1 no such user": true} {
		srv.Refuse(reply)
		var e *mailer.Error
		if err := s.Send(context.Background(), sample()); !errors.As(err, &e) || e.Permanent() != permanent || !strings.HasPrefix(reply, e.Error()[6:9]) {
			t.Errorf("%s: %v", reply, err)
		}
	}
	srv.Stop()
	var e *mailer.Error
	if err := s.Send(context.Background(), sample()); err == nil || errors.As(err, &e) {
		t.Errorf("relay down: %v, want a connection error", err)
	}
}

// Whatever a visitor types as a name or subject, the mail has exactly its own headers:
// no line break starts another.
func FuzzMailHeaders(f *testing.F) {
	f.Add("방문자", "v@example.org", "hello")
	f.Add("x\r\nBcc: evil@example.com", "a@b.co\nBcc: x@y.z", "s\r\n\r\nbody")
	f.Fuzz(func(t *testing.T, name, email, subject string) {
		m := sample()
		m.ReplyTo, m.Subject = mailer.Address(name, email), subject
		msg, err := mail.ReadMessage(strings.NewReader(string(m.Bytes())))
		if err != nil {
			t.Fatalf("unreadable mail: %v", err)
		}
		want := map[string]bool{"From": true, "To": true, "Reply-To": true, "Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true, "Content-Type": true}
		for k := range msg.Header {
			if !want[k] {
				t.Fatalf("header %q appeared (name %q, email %q, subject %q)", k, name, email, subject)
			}
		}
		if len(msg.Header) != len(want) {
			t.Fatalf("headers %v", msg.Header)
		}
	})
}

// A relay on smtp:// that offers no STARTTLS gets nothing but a greeting: no address, no
// mail in clear, and an error that names SMTP_URL's way out. With ?insecure=1 (the
// sender's insecure flag) the mail goes, in clear, as the operator asked.
func TestARelayWithoutSTARTTLSIsRefusedUnlessInsecure(t *testing.T) {
	srv := mailfaketest.StartPlain(t)
	u := srv.URL()
	u.User = nil // the relay offers no AUTH: a password would have nowhere to go
	err := mailer.New(u, false).Send(context.Background(), sample())
	if !errors.Is(err, mailer.ErrNoSTARTTLS) || !strings.Contains(err.Error(), "insecure=1") {
		t.Fatalf("a relay without STARTTLS: %v", err)
	}
	if got := srv.Mails(); len(got) != 0 {
		t.Fatalf("mail went in clear: %+v", got)
	}
	if err := mailer.New(u, true).Send(context.Background(), sample()); err != nil {
		t.Fatalf("with insecure: %v", err)
	}
	if got := srv.Mails(); len(got) != 1 || got[0].TLS || got[0].To != "alice@example.com" {
		t.Errorf("with insecure: received %+v", got)
	}
}
