package mailer

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Bytes is the message in RFC 5322 form, lines ending CRLF. Every header that carries
// visitors' words is encoded (RFC 2047), so no line break of theirs can start a header.
func (m *Mail) Bytes() []byte {
	var b bytes.Buffer
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", m.From.String())
	header("To", m.To.String())
	if m.ReplyTo != nil {
		header("Reply-To", m.ReplyTo.String())
	}
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", date.Format(time.RFC1123Z))
	if m.MessageID != "" {
		header("Message-ID", "<"+oneLine(m.MessageID)+">")
	}
	header("MIME-Version", "1.0")
	boundary := newBoundary()
	header("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	part := func(ctype, body string) {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Type: " + ctype + "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
		w := quotedprintable.NewWriter(&b)
		w.Write([]byte(crlf(body))) //nolint:errcheck // writes to a buffer
		w.Close()                   //nolint:errcheck // likewise
		b.WriteString("\r\n")
	}
	part("text/plain", m.Text)
	part("text/html", m.HTML)
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes()
}

// Address is a mail address with a display name that may hold anything a visitor typed:
// its line breaks go, and mail.Address encodes the rest.
func Address(name, addr string) *mail.Address {
	return &mail.Address{Name: oneLine(name), Address: oneLine(addr)}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}

func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}

func newBoundary() string {
	b := make([]byte, 12)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	return "sitecard-" + hex.EncodeToString(b)
}
