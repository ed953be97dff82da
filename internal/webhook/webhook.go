// Package webhook posts signed events to members' URLs, following the Standard Webhooks
// specification (standardwebhooks.com): a "whsec_" secret, and the Webhook-Id,
// Webhook-Timestamp and Webhook-Signature headers over "id.timestamp.body".
//
// A webhook URL is typed by a member, so the client refuses to reach private, loopback,
// link-local and metadata addresses (server-side request forgery). The check runs on the
// address actually dialled, after DNS resolution, so it also covers every redirect and a
// name that resolves differently the second time.
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Timeout bounds one delivery, redirects included.
const Timeout = 10 * time.Second

// SecretPrefix starts every secret, as the specification writes them.
const SecretPrefix = "whsec_"

// NewSecret makes a secret: 24 random bytes.
func NewSecret() string {
	b := make([]byte, 24)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	return SecretPrefix + base64.StdEncoding.EncodeToString(b)
}

// secretKey is the HMAC key a secret stands for.
func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, SecretPrefix))
	if err != nil || len(key) == 0 {
		return nil, errors.New("webhook: the secret is not whsec_ followed by base64")
	}
	return key, nil
}

// Sign is the Webhook-Signature value: "v1," and the base64 HMAC-SHA256 of
// "id.timestamp.body" under the secret's key.
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, ts.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// ErrBlocked means the URL leads to an address webhooks may not reach.
var ErrBlocked = errors.New("webhook: the address is private, loopback, link-local or otherwise not public")

// blockedPrefixes are the ranges no webhook may reach unless private ones are allowed:
// RFC 1918, carrier-grade NAT, unique local, and the cloud metadata service's link-local
// range; loopback, link-local, multicast and unspecified are told by netip.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("64:ff9b::/96"),
}

// Blocked reports whether a webhook may not reach ip.
func Blocked(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsMulticast() || ip.IsUnspecified() || ip.IsPrivate() {
		return true
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// CheckURL is the check when a member saves a URL: an absolute https URL (http too when
// private addresses are allowed) without credentials, whose host, if an address, may be
// reached. Names are checked again when dialled.
func CheckURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return errors.New("webhook: not an absolute URL")
	}
	if u.Scheme != "https" && !(allowPrivate && u.Scheme == "http") {
		return errors.New("webhook: the URL must start with https://")
	}
	if u.User != nil {
		return errors.New("webhook: the URL may not hold a user or password")
	}
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil && !allowPrivate && Blocked(ip) {
		return ErrBlocked
	}
	if h := strings.ToLower(u.Hostname()); !allowPrivate && (h == "localhost" || strings.HasSuffix(h, ".localhost")) {
		return ErrBlocked
	}
	return nil
}

// Client posts webhooks.
type Client struct {
	http *http.Client
}

// NewClient returns a client that refuses blocked addresses unless allowPrivate.
func NewClient(allowPrivate bool) *Client {
	if allowPrivate {
		return newClient(true, func(netip.Addr) bool { return false })
	}
	return newClient(false, Blocked)
}

// newClient is a client that dials nothing blocked reports, and follows redirects to
// plain HTTP only when allowHTTP.
func newClient(allowHTTP bool, blocked func(netip.Addr) bool) *Client {
	dialer := &net.Dialer{Timeout: Timeout}
	dialer.Control = func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || blocked(ap.Addr()) {
			return fmt.Errorf("%w (%s)", ErrBlocked, address)
		}
		return nil
	}
	tr := &http.Transport{
		Proxy:               nil, // a proxy would dial for us, past the check
		DialContext:         dialer.DialContext,
		TLSHandshakeTimeout: Timeout,
		MaxIdleConns:        16,
		IdleConnTimeout:     90 * time.Second,
	}
	return &Client{http: &http.Client{Transport: tr, Timeout: Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("webhook: more than 3 redirects")
			}
			if req.URL.Scheme != "https" && !(allowHTTP && req.URL.Scheme == "http") {
				return errors.New("webhook: a redirect left https")
			}
			return nil // the address is checked when it is dialled
		}}}
}

// Request is one post: its body and content type, and the delivery's id and time for the
// signature.
type Request struct {
	URL         string
	ContentType string
	Body        []byte
	ID          string
	Timestamp   time.Time
	Secret      string
	// Header is any header the preset adds (ntfy's Title).
	Header http.Header
}

// StatusError is the receiver's answer when it was not 2xx.
type StatusError struct {
	Status int
	Body   string
}

func (e *StatusError) Error() string {
	return "webhook: the receiver answered " + strconv.Itoa(e.Status) + " " + http.StatusText(e.Status) + strings.TrimSpace(" "+e.Body)
}

// Gone reports 410: the receiver is not coming back, and the webhook should be turned off.
func (e *StatusError) Gone() bool { return e.Status == http.StatusGone }

// Post sends r, signed. A 2xx answer is nil; any other is a *StatusError.
func (c *Client) Post(ctx context.Context, r Request) error {
	sig, err := Sign(r.Secret, r.ID, r.Timestamp, r.Body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, strings.NewReader(string(r.Body)))
	if err != nil {
		return err
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", r.ContentType)
	req.Header.Set("User-Agent", "sitecard-webhook/1")
	req.Header.Set("Webhook-Id", r.ID)
	req.Header.Set("Webhook-Timestamp", strconv.FormatInt(r.Timestamp.Unix(), 10))
	req.Header.Set("Webhook-Signature", sig)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) //nolint:errcheck // draining lets the connection be reused
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return &StatusError{Status: resp.StatusCode, Body: strings.ToValidUTF8(string(snippet), "")}
}
