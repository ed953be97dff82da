package handlers

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// proxies are the reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES).
type proxies []netip.Prefix

func parseProxies(list []string) proxies {
	var ps proxies
	for _, p := range list {
		if pre, err := netip.ParsePrefix(p); err == nil {
			ps = append(ps, pre.Masked())
		} else if a, err := netip.ParseAddr(p); err == nil {
			ps = append(ps, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		}
	}
	return ps
}

func (ps proxies) trusted(a netip.Addr) bool {
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientIP is the address the limits and the logs count a request by. The connecting
// peer, unless it is a trusted proxy: then X-Forwarded-For is read from the right, past
// the trusted proxies, to the first address one of them was handed; what a client wrote
// further left is its own claim and is ignored. The result is always a parsed address in
// its canonical form, so the same client is the same key however it was spelled.
//
// Every X-Forwarded-For line counts, in order: a proxy may add a line of its own rather
// than append to the client's, and reading the first line alone would then believe the
// client's.
func (ps proxies) clientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	peer = peer.Unmap()
	if !ok {
		return "unknown"
	}
	if len(ps) == 0 || !ps.trusted(peer) {
		return peer.String()
	}
	var hops []string
	for _, line := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		hops = append(hops, strings.Split(string(line), ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a forged or broken entry: trust nothing left of it
		}
		a = a.Unmap()
		if !ps.trusted(a) {
			return a.String()
		}
		peer = a
	}
	return peer.String()
}
