// Package smtptest is a real SMTP server for tests: it speaks ESMTP with STARTTLS (or
// implicit TLS) under a certificate made for 127.0.0.1, takes PLAIN authentication only
// over TLS, keeps what it receives, and can refuse or go down on request.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"math/big"
	"net"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"testing"
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
	t        testing.TB
	addr     string
	implicit bool
	cert     tls.Certificate
	Roots    *x509.CertPool

	mu     sync.Mutex
	ln     net.Listener
	mails  []Mail
	refuse []string // replies to the next RCPT TOs, such as "451 4.3.0 try later"
	conns  map[net.Conn]bool
}

// Start starts a STARTTLS server (smtp://), or an implicit TLS one (smtps://).
func Start(t testing.TB, implicitTLS bool) *Server {
	s := &Server{t: t, implicit: implicitTLS, conns: map[net.Conn]bool{}}
	s.cert, s.Roots = certificate(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

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
func (s *Server) Restart() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("smtptest: listen again on %s: %v", s.addr, err)
	}
	s.serve(ln)
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
	reply("220 127.0.0.1 smtptest ESMTP")
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
			if !secure {
				ext = append(ext, "250-STARTTLS")
			} else {
				ext = append(ext, "250-AUTH PLAIN")
			}
			for _, e := range ext {
				reply(e)
			}
			reply("250 HELP")
		case "STARTTLS":
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
			if user == "" {
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
			s.mu.Unlock()
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
			s.mu.Unlock()
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
func certificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// String names the server in test logs.
func (s *Server) String() string { return fmt.Sprintf("smtptest on %s", s.addr) }
