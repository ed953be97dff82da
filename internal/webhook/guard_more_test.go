package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Issue 24 §5: an IPv4 address written as IPv6 (::ffff:a.b.c.d, which a resolver may
// hand back and every dual-stack socket dials as the IPv4 address) is refused as the
// IPv4 address is, for every guarded IPv4 range, those netip names and those the guard
// lists itself.
func TestMappedIPv4IsRefusedAsIPv4Is(t *testing.T) {
	for _, a := range []string{"0.1.2.3", "10.20.30.40", "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.169.254",
		"172.20.1.1", "192.168.1.1", "224.0.0.1"} {
		v4 := netip.MustParseAddr(a)
		mapped := netip.AddrFrom16(v4.As16())
		if !Blocked(mapped) {
			t.Errorf("%s is refused but %s, the same address, is not", v4, mapped)
		}
		if err := CheckURL("https://["+mapped.String()+"]/hook", false); err != ErrBlocked {
			t.Errorf("a URL to %s: %v, want ErrBlocked", mapped, err)
		}
	}
	if Blocked(netip.MustParseAddr("::ffff:8.8.8.8")) {
		t.Error("a public address written as IPv6 is refused")
	}
}

// A receiver that redirects in a loop is left with an error at its third redirect: it
// costs the worker three requests, not as many as the receiver likes.
func TestARedirectLoopIsLeftAfterThree(t *testing.T) {
	var hits atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, srv.URL+"/again", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	c := newClient(true, func(netip.Addr) bool { return false }, self{})
	err := c.Post(context.Background(), Request{URL: srv.URL + "/hook", ContentType: "application/json", Body: []byte(`{}`),
		ID: "msg_1", Timestamp: time.Now(), Secret: NewSecret()})
	if err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("a redirect loop: %v, want an error about redirects", err)
	}
	if n := hits.Load(); n != 3 {
		t.Errorf("the receiver was asked %d times, want 3 (the post and two redirects followed)", n)
	}
}
