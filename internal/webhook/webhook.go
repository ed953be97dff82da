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
// RFC 1918, carrier-grade NAT, unique local, NAT64, and the cloud metadata service's
// link-local range; loopback, link-local, multicast and unspecified are told by netip.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("169.254.0.0/16"),
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("fc00::/7"),
	netip.MustParsePrefix("fe80::/10"),
	netip.MustParsePrefix("64:ff9b::/96"),   // NAT64: the IPv4 address it embeds may be private
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use NAT64 (RFC 8215), likewise
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
// reached. Names are checked again when dialled. A private or local host is ErrBlocked
// whatever its scheme, so that the member is told why (WEBHOOK_ALLOW_PRIVATE), not only
// that it should start with https://.
func CheckURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Hostname() == "" || u.Scheme == "" {
		return errors.New("webhook: not an absolute URL")
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
	if u.Scheme != "https" && !(allowPrivate && u.Scheme == "http") {
		return errors.New("webhook: the URL must start with https://")
	}
	return nil
}

// ErrSelf means the URL leads back to this site: each message posted there would come in
// again as a new message.
var ErrSelf = errors.New("webhook: the address is this site's own")

// Self is where this site itself is reached: BASE_URL, and the address it listens on
// (ADDR). No webhook may post there, private addresses allowed or not.
type Self struct {
	// Base is BASE_URL.
	Base *url.URL
	// Listen is ADDR, "host:port"; an empty or unspecified host listens on every
	// address of the machine.
	Listen string
}

// self is Self made ready for the checks.
type self struct {
	hostPorts map[string]bool // "host:port" of BASE_URL, lower case
	port      uint16          // ADDR's port; 0 when unknown
	ip        netip.Addr      // ADDR's address; invalid for every address
	local     []netip.Addr    // the machine's own addresses, when ADDR listens on all
}

func (s Self) ready() self {
	out := self{hostPorts: map[string]bool{}}
	if s.Base != nil && s.Base.Hostname() != "" {
		out.hostPorts[hostPort(s.Base)] = true
	}
	host, port, err := net.SplitHostPort(s.Listen)
	if err != nil {
		return out
	}
	if p, err := strconv.ParseUint(port, 10, 16); err == nil {
		out.port = uint16(p)
	}
	if ip, err := netip.ParseAddr(host); err == nil && !ip.IsUnspecified() {
		out.ip = ip.Unmap()
		return out
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if ip, ok := netip.AddrFromSlice(n.IP); ok {
				out.local = append(out.local, ip.Unmap())
			}
		}
	}
	return out
}

// hostPort is a URL's "host:port" in lower case, with the scheme's default port.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// isName reports whether "host:port", before resolution, is BASE_URL's.
func (s self) isName(address string) bool {
	host, port, err := net.SplitHostPort(address)
	return err == nil && s.hostPorts[net.JoinHostPort(strings.ToLower(host), port)]
}

// isAddr reports whether an address dialled is the one this site listens on.
func (s self) isAddr(ap netip.AddrPort) bool {
	if s.port == 0 || ap.Port() != s.port {
		return false
	}
	ip := ap.Addr().Unmap()
	if s.ip.IsValid() {
		return ip == s.ip || ip.IsLoopback() && s.ip.IsLoopback()
	}
	if ip.IsLoopback() || ip.IsUnspecified() {
		return true
	}
	for _, l := range s.local {
		if ip == l {
			return true
		}
	}
	return false
}

// Redact is a URL as logs and stored errors may show it: its scheme and host, never the
// path or query, which for most receivers (Slack, Discord, ntfy) are the credential.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(webhook URL)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// redactErr replaces the URL in the client's errors with its redacted form.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = Redact(ue.URL)
	}
	return err
}

// Client posts webhooks.
type Client struct {
	http *http.Client
	self self
}

// NewClient returns a client that refuses blocked addresses unless allowPrivate, and
// this site's own (me) always.
func NewClient(allowPrivate bool, me Self) *Client {
	if allowPrivate {
		return newClient(true, func(netip.Addr) bool { return false }, me.ready())
	}
	return newClient(false, Blocked, me.ready())
}

// newClient is a client that dials nothing blocked reports, nor this site, and follows
// redirects to plain HTTP only when allowHTTP.
func newClient(allowHTTP bool, blocked func(netip.Addr) bool, me self) *Client {
	dialer := &net.Dialer{Timeout: Timeout}
	dialer.Control = func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || blocked(ap.Addr()) {
			return fmt.Errorf("%w (%s)", ErrBlocked, address)
		}
		if me.isAddr(ap) {
			return fmt.Errorf("%w (%s)", ErrSelf, address)
		}
		return nil
	}
	dial := func(ctx context.Context, network, address string) (net.Conn, error) {
		// By name too: behind a proxy, BASE_URL's host resolves to the proxy, not to an
		// address of this machine. Every redirect is dialled through here.
		if me.isName(address) {
			return nil, fmt.Errorf("%w (%s)", ErrSelf, address)
		}
		return dialer.DialContext(ctx, network, address)
	}
	tr := &http.Transport{
		Proxy:               nil, // a proxy would dial for us, past the check
		DialContext:         dial,
		TLSHandshakeTimeout: Timeout,
		MaxIdleConns:        16,
		IdleConnTimeout:     90 * time.Second,
	}
	return &Client{self: me, http: &http.Client{Transport: tr, Timeout: Timeout,
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

// Check is the check when a member saves a URL: CheckURL, and not this site's own
// address (ErrSelf).
func (c *Client) Check(raw string, allowPrivate bool) error {
	if err := CheckURL(raw, allowPrivate); err != nil {
		return err
	}
	u, _ := url.Parse(raw)
	if c.self.isName(hostPort(u)) {
		return ErrSelf
	}
	ip, err := netip.ParseAddr(u.Hostname())
	if h := strings.ToLower(u.Hostname()); h == "localhost" || strings.HasSuffix(h, ".localhost") {
		ip, err = netip.IPv6Loopback(), nil // a name for this machine, however it resolves
	}
	if err == nil {
		_, p, _ := net.SplitHostPort(hostPort(u))
		port, _ := strconv.ParseUint(p, 10, 16)
		if c.self.isAddr(netip.AddrPortFrom(ip, uint16(port))) {
			return ErrSelf
		}
	}
	return nil
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
		return redactErr(err)
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
		return redactErr(err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) //nolint:errcheck // draining lets the connection be reused
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return &StatusError{Status: resp.StatusCode, Body: strings.ToValidUTF8(string(snippet), "")}
}
