package mailfake

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Mail is one message the server accepted.
type Mail struct {
	From, To string
	Data     string // as sent, without the final "."
	TLS      bool
	User     string
}

// Server is the SMTP server.
type Server struct {
	addr     string
	implicit bool
	plain    bool // no STARTTLS offered, no AUTH: a relay that takes mail in clear
	cert     tls.Certificate
	Roots    *x509.CertPool

	mu     sync.Mutex
	ln     net.Listener
	mails  []Mail
	refuse []string        // replies to the next RCPT TOs, such as "451 4.3.0 try later"
	stall  map[string]bool // recipients whose RCPT TO is never answered
	conns  map[net.Conn]bool
	onMail func(Mail)
}

// New starts a server on addr ("127.0.0.1:0" for any port): STARTTLS (smtp://), or
// implicit TLS (smtps://).
func New(addr string, implicitTLS bool) (*Server, error) {
	s := &Server{implicit: implicitTLS, conns: map[net.Conn]bool{}, onMail: func(Mail) {}}
	var err error
	if s.cert, s.Roots, err = certificate(); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	return s, nil
}

// NewPlain starts a server on smtp:// at addr that offers neither STARTTLS nor AUTH, as an
// old or misconfigured relay does.
func NewPlain(addr string) (*Server, error) {
	s := &Server{plain: true, conns: map[net.Conn]bool{}, onMail: func(Mail) {}}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	return s, nil
}

// OnMail sets what is told of each mail as it is accepted.
func (s *Server) OnMail(fn func(Mail)) { s.mu.Lock(); s.onMail = fn; s.mu.Unlock() }

// URL is the server's address for SMTP_URL, with a user and password.
func (s *Server) URL() *url.URL {
	scheme := "smtp"
	if s.implicit {
		scheme = "smtps"
	}
	return &url.URL{Scheme: scheme, User: url.UserPassword("site", "secret"), Host: s.addr}
}

// Mails returns what the server accepted so far.
func (s *Server) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Refuse makes the next RCPT TO commands answer replies, one each ("550 5.1.1 no such
// user", "451 4.3.0 try again later").
func (s *Server) Refuse(replies ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = append(s.refuse, replies...)
}

// Stall makes the server accept RCPT TO addr and then never answer: a relay that hangs on
// one recipient (a slow check of its domain, say) while it serves the others. The
// connection stays open until the client gives up.
func (s *Server) Stall(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stall == nil {
		s.stall = map[string]bool{}
	}
	s.stall[strings.ToLower(addr)] = true
}

// Stop closes the listener and every connection: the relay is down.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
	}
	for c := range s.conns {
		c.Close()
	}
}

// Restart listens again on the same address after Stop.
func (s *Server) Restart() error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("mailfake: listen again on %s: %w", s.addr, err)
	}
	s.serve(ln)
	return nil
}

func (s *Server) serve(ln net.Listener) {
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns[c] = true
			s.mu.Unlock()
			go func() {
				defer func() {
					c.Close()
					s.mu.Lock()
					delete(s.conns, c)
					s.mu.Unlock()
				}()
				s.session(c)
			}()
		}
	}()
}

func (s *Server) session(c net.Conn) {
	c.SetDeadline(time.Now().Add(30 * time.Second)) //nolint:errcheck // test server
	secure := false
	if s.implicit {
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}})
		if tc.Handshake() != nil {
			return
		}
		c, secure = tc, true
	}
	tp := textproto.NewConn(c)
	reply := func(line string) { tp.PrintfLine("%s", line) } //nolint:errcheck // the client may be gone
	reply("220 127.0.0.1 mailfake ESMTP")
	var cur Mail
	user := ""
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"250-127.0.0.1 hello", "250-SIZE 10485760", "250-8BITMIME"}
			switch {
			case s.plain:
			case !secure:
				ext = append(ext, "250-STARTTLS")
			default:
				ext = append(ext, "250-AUTH PLAIN")
			}
			for _, e := range ext {
				reply(e)
			}
			reply("250 HELP")
		case "STARTTLS":
			if s.plain {
				reply("502 5.5.1 STARTTLS not offered")
				continue
			}
			if secure {
				reply("503 5.5.1 TLS already active")
				continue
			}
			reply("220 2.0.0 ready to start TLS")
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}})
			if tc.Handshake() != nil {
				return
			}
			c, secure = tc, true
			tp = textproto.NewConn(c)
			reply = func(line string) { tp.PrintfLine("%s", line) } //nolint:errcheck // likewise
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if !secure || strings.ToUpper(mech) != "PLAIN" || err != nil || len(parts) != 3 || parts[1] != "site" || parts[2] != "secret" {
				reply("535 5.7.8 authentication failed")
				continue
			}
			user = parts[1]
			reply("235 2.7.0 authenticated")
		case "MAIL":
			if user == "" && !s.plain {
				reply("530 5.7.0 authentication required")
				continue
			}
			cur = Mail{From: addr(arg), TLS: secure, User: user}
			reply("250 2.1.0 ok")
		case "RCPT":
			s.mu.Lock()
			var r string
			if len(s.refuse) > 0 {
				r, s.refuse = s.refuse[0], s.refuse[1:]
			}
			stalled := s.stall[strings.ToLower(addr(arg))]
			s.mu.Unlock()
			if stalled {
				io.Copy(io.Discard, c) //nolint:errcheck // until the client hangs up
				return
			}
			if r != "" {
				reply(r)
				continue
			}
			cur.To = addr(arg)
			reply("250 2.1.5 ok")
		case "DATA":
			if cur.To == "" {
				reply("503 5.5.1 RCPT first")
				continue
			}
			reply("354 go ahead")
			lines, err := tp.ReadDotLines()
			if err != nil {
				return
			}
			cur.Data = strings.Join(lines, "\r\n")
			s.mu.Lock()
			s.mails = append(s.mails, cur)
			told := s.onMail
			s.mu.Unlock()
			told(cur)
			cur = Mail{}
			reply("250 2.0.0 queued")
		case "RSET":
			cur = Mail{}
			reply("250 2.0.0 ok")
		case "NOOP":
			reply("250 2.0.0 ok")
		case "QUIT":
			reply("221 2.0.0 bye")
			return
		default:
			reply("502 5.5.2 unknown command")
		}
	}
}

func addr(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	a, _, _ = strings.Cut(strings.TrimSpace(a), " ")
	return strings.Trim(a, "<>")
}

// certificate makes a self-signed certificate for 127.0.0.1 and the pool that trusts it.
func certificate() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailfake"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}

// String names the server in test logs.
func (s *Server) String() string { return fmt.Sprintf("mailfake on %s", s.addr) }

// Parse reads a mail as a mail client would: its headers, and the decoded text of each
// part of a multipart body by content type, lines ending "\n".
func Parse(raw string) (mail.Header, map[string]string, error) {
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return nil, nil, err
	}
	parts := map[string]string{}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return msg.Header, parts, err
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			return msg.Header, parts, nil
		}
		if err != nil {
			return msg.Header, parts, err
		}
		b, err := io.ReadAll(p) // the reader decodes quoted-printable
		if err != nil {
			return msg.Header, parts, err
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
}
