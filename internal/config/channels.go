package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
)

// SMTPConfig is the mail relay that sends email deliveries and confirmation links.
type SMTPConfig struct {
	// URL is smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465
	// (implicit TLS); nil when email is off.
	URL *url.URL
	// Insecure skips certificate verification (?insecure=1): a local relay with a
	// self-signed certificate.
	Insecure bool
	From     *mail.Address
	// FakeAddr is where "sitecard mail-fake" listens.
	FakeAddr string
}

// Configured reports whether email can be sent.
func (s SMTPConfig) Configured() bool { return s.URL != nil }

func (c *Config) loadChannels(get func(name, def string) string) error {
	if raw := get("SMTP_URL", ""); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			return fmt.Errorf("SMTP_URL: must look like smtp://user:pass@host:587 or smtps://user:pass@host:465")
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
				return fmt.Errorf("SMTP_URL: port %q is not a number from 1 to 65535", p)
			}
		}
		c.SMTP.URL = u
		c.SMTP.Insecure = u.Query().Get("insecure") == "1"
	}
	c.SMTP.FakeAddr = get("MAIL_FAKE_ADDR", "127.0.0.1:2525")
	if _, _, err := net.SplitHostPort(c.SMTP.FakeAddr); err != nil {
		return fmt.Errorf("MAIL_FAKE_ADDR: %q is not host:port (for example 127.0.0.1:2525)", c.SMTP.FakeAddr)
	}
	from := get("SMTP_FROM", "")
	if from == "" && c.SMTP.URL != nil {
		from = "sitecard <sitecard@" + c.BaseURL.Hostname() + ">"
	}
	if from != "" {
		a, err := mail.ParseAddress(from)
		if err != nil {
			return fmt.Errorf("SMTP_FROM: %q is not an address like \"sitecard <card@example.com>\"", from)
		}
		c.SMTP.From = a
	}
	switch v := get("WEBHOOK_ALLOW_PRIVATE", "0"); v {
	case "0", "false":
	case "1", "true":
		c.WebhookAllowPrivate = true
	default:
		return fmt.Errorf("WEBHOOK_ALLOW_PRIVATE: %q is not 0 or 1", v)
	}
	return nil
}
