package services

import (
	"context"
	"net/netip"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/config"
	"sitecard/models"
)

// Limiter counts requests per key over a sliding window, in the database, so that a limit
// holds across every instance. The window is counted in sixty slices, so it slides in
// steps of a sixtieth of its length.
type Limiter struct {
	db  bun.IDB
	now func() time.Time
	// v6Bits is the IPv6 prefix that names one client: whoever holds an address usually
	// holds its whole /64, and would otherwise have 2^64 allowances.
	v6Bits int
}

// NewLimiter returns a limiter on db that reads time from now (nil: the wall clock) and
// counts IPv6 clients by the first ipv6Prefix bits of their address (RATE_IPV6_PREFIX;
// 0: a /64).
func NewLimiter(db bun.IDB, now func() time.Time, ipv6Prefix int) *Limiter {
	if ipv6Prefix <= 0 {
		ipv6Prefix = 64
	}
	return &Limiter{db: db, now: orNow(now), v6Bits: ipv6Prefix}
}

// Client is the key a client address is counted by: an IPv4 address itself, an IPv6
// address's network of the configured prefix. Anything else (no address known) is
// counted as written.
func (l *Limiter) Client(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if !a.Is6() || l.v6Bits >= 128 {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(l.v6Bits)
	if err != nil {
		return a.String()
	}
	return p.String()
}

// Limit is one limit to count a request under: its name, the key it counts by (an
// address, a card) and the rate.
type Limit struct {
	Name, Key string
	Rate      config.Rate
}

// Allow counts one request under each limit, in one statement, and returns
// ErrRateLimited once any window's count passes its rate. A zero rate allows everything.
// The limits are checked in order, as if one after the other: a request refused by one
// limit is taken back from the limits after it, so that a flood refused by address does
// not use up the card's allowance.
func (l *Limiter) Allow(ctx context.Context, limits ...Limit) error {
	now := l.now().UTC()
	keys := make([]models.HitKey, 0, len(limits))
	rates := make([]int, 0, len(limits))
	for _, lim := range limits {
		r := lim.Rate
		if r.N <= 0 || r.Window <= 0 {
			continue
		}
		slice := max(r.Window/60, time.Second)
		keys = append(keys, models.HitKey{
			Bucket:      truncate(lim.Name+":"+lim.Key, 191),
			Slice:       now.Truncate(slice).Unix(),
			WindowStart: now.Add(-r.Window).Truncate(slice).Add(slice).Unix(),
		})
		rates = append(rates, r.N)
	}
	counts, err := models.Hit(ctx, l.db, keys...)
	if err != nil {
		return err
	}
	for i, n := range counts {
		if n > rates[i] {
			for _, k := range keys[i+1:] {
				// Best effort: should it fail, the later windows over-count by one, which
				// only errs on the side of refusing; the visitor's answer is still "wait".
				_ = models.UnHit(ctx, l.db, k)
			}
			return ErrRateLimited
		}
	}
	return nil
}

// Forget drops what was counted under a limit for its key (a member who signed in).
func (l *Limiter) Forget(ctx context.Context, lim Limit) error {
	return models.DeleteHits(ctx, l.db, truncate(lim.Name+":"+lim.Key, 191))
}

// Sweep forgets windows older than a day; the session sweep job runs it.
func (l *Limiter) Sweep(ctx context.Context) error {
	return models.DeleteOldHits(ctx, l.db, l.now().Add(-24*time.Hour).Unix())
}
