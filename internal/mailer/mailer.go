package mailer

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"time"
)

// Sender sends mail through one relay.
type Sender struct {
	url      *url.URL
	insecure bool
	roots    *x509.CertPool
	timeout  time.Duration
}

// New returns a sender for an smtp:// or smtps:// URL. insecure skips certificate
// verification (a local relay with a self-signed certificate) and allows a relay on
// smtp:// that offers no STARTTLS; otherwise such a relay is refused (ErrNoSTARTTLS).
func New(u *url.URL, insecure bool) *Sender { return NewWithRoots(u, insecure, nil) }

// NewWithRoots is New trusting roots for the relay's certificate instead of the system's
// (tests trust their relay's; nil: the system's).
func NewWithRoots(u *url.URL, insecure bool, roots *x509.CertPool) *Sender {
	return &Sender{url: u, insecure: insecure, roots: roots, timeout: 10 * time.Second}
}

// ErrNoSTARTTLS is a relay on smtp:// that does not offer STARTTLS: the mail, and the
// relay's password, would cross the network in clear. SMTP_URL's ?insecure=1 allows it, as
// it allows a certificate that does not verify (a relay on this machine or a trusted
// network).
var ErrNoSTARTTLS = errors.New("smtp: the relay offers no STARTTLS, so the mail would go in clear; add ?insecure=1 to SMTP_URL to send to it anyway")

// Error is the relay's refusal, with its reply code.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("smtp: %d %s", e.Code, e.Msg) }

// Permanent reports a 5xx reply: sending again will not help.
func (e *Error) Permanent() bool { return e.Code >= 500 }

// Send delivers m. A refusal is an *Error; anything else (the relay down, a timeout, a
// TLS failure) is worth trying again.
func (s *Sender) Send(ctx context.Context, m *Mail) error {
	if err := s.send(ctx, m); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) {
			return &Error{Code: te.Code, Msg: te.Msg}
		}
		return err
	}
	return nil
}

func (s *Sender) send(ctx context.Context, m *Mail) error {
	host := s.url.Hostname()
	port := s.url.Port()
	implicit := s.url.Scheme == "smtps"
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[implicit]
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		return fmt.Errorf("smtp: connect: %w", err)
	}
	// A relay that stops answering mid-session is cut off when ctx ends (a shutdown), not
	// only at the deadline.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)                                                                                               //nolint:errcheck // a dead connection fails the next call
	tlsConf := &tls.Config{ServerName: host, InsecureSkipVerify: s.insecure, RootCAs: s.roots, MinVersion: tls.VersionTLS12} //nolint:gosec // insecure only when SMTP_URL says so
	if implicit {
		conn = tls.Client(conn, tlsConf)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: greeting: %w", err)
	}
	defer c.Close()
	if !implicit {
		ok, _ := c.Extension("STARTTLS")
		switch {
		case ok:
			if err := c.StartTLS(tlsConf); err != nil {
				return fmt.Errorf("smtp: starttls: %w", err)
			}
		case !s.insecure:
			// Nothing but the greeting has been sent: no address, no password, no mail.
			return ErrNoSTARTTLS
		}
	}
	if user := s.url.User; user != nil {
		pass, _ := user.Password()
		if err := c.Auth(smtp.PlainAuth("", user.Username(), pass, host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(m.From.Address); err != nil {
		return err
	}
	if err := c.Rcpt(m.To.Address); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(m.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// Mail is one message: a plain-text part and an HTML part of the same text.
type Mail struct {
	From, To  *mail.Address
	ReplyTo   *mail.Address // nil: none
	Subject   string
	Text      string
	HTML      string
	MessageID string // without angle brackets; the same for every retry of one message
	Date      time.Time
}
