package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"strings"
	"testing"

	"github.com/valyala/fasthttp"

	"sitecard/internal/config"
	"sitecard/internal/pagecache"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// spelling writes slug with each letter's case chosen by the bits of n.
func spelling(slug string, n int) string {
	b := []byte(slug)
	for i := range b {
		if n&(1<<i) != 0 && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// keysOf lists the cached variants of one card.
func keysOf(cache *pagecache.Cache, slug string) []pagecache.Key {
	var out []pagecache.Key
	for _, k := range cache.Keys() {
		if k.Slug == slug {
			out = append(out, k)
		}
	}
	return out
}

// The probe's attack: 600 spellings of one card's address. Each is sent for good to the
// card's own address, with its query, and the cache holds one page for the card.
func TestSpellingsOfASlugMakeOnePage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		ctx := context.Background()
		alice := services.Actor{ID: f.aliceID}
		card, err := f.srv.Cards.Create(ctx, alice, map[string]string{"slug": "longslugcard", "name_ko": "긴주소"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.srv.Cards.UpdateSettings(ctx, alice, card.ID, map[string]string{"slug": "longslugcard", "published": "on"}); err != nil {
			t.Fatal(err)
		}
		if r := do(t, f.srv, "GET", "/c/longslugcard"); r.status != 200 {
			t.Fatalf("the card's own address: %d", r.status)
		}
		for n := 1; n <= 600; n++ {
			path := "/c/" + spelling("longslugcard", n)
			switch n % 3 {
			case 1:
				path += "/"
			case 2:
				path = "/C" + path[2:]
			}
			r := do(t, f.srv, "GET", path+"?lang=en&src=qr")
			if r.status != 301 || r.header.Get("Location") != "/c/longslugcard?lang=en&src=qr" {
				t.Fatalf("%s: %d to %q, want 301 to /c/longslugcard?lang=en&src=qr", path, r.status, r.header.Get("Location"))
			}
		}
		if keys := keysOf(f.srv.Cache, "longslugcard"); len(keys) != 1 {
			t.Errorf("after 600 spellings the card has %d cached pages, want 1: %v", len(keys), keys)
		}
		if r := do(t, f.srv, "GET", "/c/"+strings.Repeat("x", 70)); r.status != 404 {
			t.Errorf("a slug longer than any card's: %d, want 404", r.status)
		}
	})
}

// Every other part of the key takes one of its known values whatever the request says:
// a client that varies its cookies, languages, user agent and htmx headers makes at most
// languages × themes × (page, fragment) × browsers pages of a card.
func TestRequestHeadersMakeNoNewPages(t *testing.T) {
	t.Parallel()
	f := &fixture{srv: publicSite(t)}
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_0123456789"[rng.IntN(64)]
		}
		return string(b)
	}
	pick := func(known ...string) string {
		if rng.IntN(2) == 0 {
			return known[rng.IntN(len(known))]
		}
		return word()
	}
	for range 600 {
		r := do(t, f.srv, "GET", "/c/alice?lang="+pick("ko", "en"),
			"Cookie", "lang="+pick("ko", "en")+"; theme="+pick("light", "dark", "auto"),
			"Accept-Language", pick("ko-KR", "en-US,en;q=0.9")+","+word()+";q=0.5",
			"User-Agent", pick("Mozilla/5.0 KAKAOTALK 10.4.5", "Mozilla/5.0 Instagram 300", "Mozilla/5.0 Firefox/130")+" "+word(),
			"HX-Request", pick("true", "false"))
		if r.status != 200 {
			t.Fatalf("%d", r.status)
		}
	}
	keys := keysOf(f.srv.Cache, "alice")
	if len(keys) > 2*3*2*3 {
		t.Errorf("%d pages of one card, at most 36 expected", len(keys))
	}
	for _, k := range keys {
		if (k.Lang != "ko" && k.Lang != "en") || (k.Theme != "light" && k.Theme != "dark" && k.Theme != "auto") ||
			(k.InApp != "" && k.InApp != "kakaotalk" && k.InApp != "other") {
			t.Errorf("a key made of request bytes: %+v", k)
		}
	}
}

// serveRaw runs the app on a request of its own, as fasthttp does, and returns the request
// context, whose buffers the test may then overwrite the way the next request would.
func serveRaw(t *testing.T, f *fixture, raw string) *fasthttp.RequestCtx {
	t.Helper()
	ctx := serveAny(t, f, raw)
	if ctx.Response.StatusCode() != 200 {
		t.Fatalf("%d %.300s", ctx.Response.StatusCode(), ctx.Response.Body())
	}
	return ctx
}

func serveAny(t *testing.T, f *fixture, raw string) *fasthttp.RequestCtx {
	t.Helper()
	var req fasthttp.Request
	if err := req.Read(bufio.NewReader(strings.NewReader(raw))); err != nil {
		t.Fatal(err)
	}
	var ctx fasthttp.RequestCtx
	ctx.Init(&req, &net.TCPAddr{IP: net.IPv4(192, 0, 2, 9), Port: 4000}, nil)
	f.srv.App.Handler()(&ctx)
	return &ctx
}

// overwrite writes over b in place with bytes of the same length.
func overwrite(b []byte, with byte) {
	for i := range b {
		b[i] = with
	}
}

// Issue 24 §5: fasthttp reuses a request's buffers for the next request. Every part of a
// page's key is read from them (the slug from the path, the language from the query or
// the cookie, the theme from the cookie, the fragment from HX-Request, the browser from
// the user agent); once the handler has returned, the test overwrites each of those
// buffers and the page must still be under its own key, and under no other.
func TestPageKeysOutliveTheRequestsBuffers(t *testing.T) {
	t.Parallel()
	f := &fixture{srv: publicSite(t)}
	for _, tc := range []struct {
		name, raw string
		key       pagecache.Key
		overwrite func(ctx *fasthttp.RequestCtx)
	}{
		// Fiber keeps the path (and so the slug) in a buffer of its own context, which the
		// next request through the app reuses: the test sends requests for another card.
		{"slug", "GET /c/alice HTTP/1.1\r\nHost: example.com\r\n\r\n",
			pagecache.Key{Slug: "alice", Lang: "ko", Theme: "auto"},
			func(ctx *fasthttp.RequestCtx) {
				overwrite(ctx.URI().PathOriginal()[3:], 'z')
				overwrite(ctx.URI().Path()[3:], 'z')
				for range 20 {
					serveAny(t, f, "GET /c/zzzzz HTTP/1.1\r\nHost: example.com\r\n\r\n")
				}
			}},
		{"language from the query", "GET /c/alice?lang=en HTTP/1.1\r\nHost: example.com\r\n\r\n",
			pagecache.Key{Slug: "alice", Lang: "en", Theme: "auto"},
			func(ctx *fasthttp.RequestCtx) { copy(ctx.QueryArgs().Peek("lang"), "ko") }},
		{"language and theme from the cookie", "GET /c/alice HTTP/1.1\r\nHost: example.com\r\nCookie: lang=en; theme=dark\r\n\r\n",
			pagecache.Key{Slug: "alice", Lang: "en", Theme: "dark"},
			func(ctx *fasthttp.RequestCtx) {
				copy(ctx.Request.Header.Cookie("lang"), "ko")
				copy(ctx.Request.Header.Cookie("theme"), "auto")
			}},
		{"fragment", "GET /c/alice HTTP/1.1\r\nHost: example.com\r\nHX-Request: true\r\n\r\n",
			pagecache.Key{Slug: "alice", Lang: "ko", Theme: "auto", Fragment: true},
			func(ctx *fasthttp.RequestCtx) { overwrite(ctx.Request.Header.Peek("HX-Request"), 'x') }},
		{"in-app browser", "GET /c/alice HTTP/1.1\r\nHost: example.com\r\nUser-Agent: Mozilla/5.0 KAKAOTALK 10.4.5\r\n\r\n",
			pagecache.Key{Slug: "alice", Lang: "ko", Theme: "auto", InApp: "kakaotalk"},
			func(ctx *fasthttp.RequestCtx) { overwrite(ctx.Request.Header.UserAgent(), 'x') }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f.srv.Cache.Purge()
			ctx := serveRaw(t, f, tc.raw)
			body := string(ctx.Response.Body())
			tc.overwrite(ctx)
			keys := f.srv.Cache.Keys()
			if len(keys) != 1 || keys[0] != tc.key {
				t.Fatalf("after the request's bytes were overwritten the cache holds %+v, want [%+v]", keys, tc.key)
			}
			if p, ok := f.srv.Cache.Get(tc.key); !ok || string(p.Body) != body && string(p.Gzip) != body {
				t.Error("the page under its key is not the one served")
			}
		})
	}
}

// The probe emptied the whole cache with one client's flood. With room for 20 pages, a
// flood of 60 cards passes through it: the popular card, read between them, stays cached
// throughout, and the cache is never emptied, only its least recently used pages dropped.
func TestAFloodOfCardsKeepsThePopularOneCached(t *testing.T) {
	f := newFixtureWith(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"), server.WithPageCacheSize(20, 32<<20))
	ctx := context.Background()
	alice := services.Actor{ID: f.aliceID}
	for i := range 60 {
		slug := fmt.Sprintf("flood-%02d", i)
		card, err := f.srv.Cards.Create(ctx, alice, map[string]string{"slug": slug, "name_ko": "카드 " + slug})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.srv.Cards.UpdateSettings(ctx, alice, card.ID, map[string]string{"slug": slug, "published": "on"}); err != nil {
			t.Fatal(err)
		}
	}
	popular := pagecache.Key{Slug: "alice", Lang: "ko", Theme: "auto"}
	do(t, f.srv, "GET", "/c/alice")
	for i := range 60 {
		if r := do(t, f.srv, "GET", fmt.Sprintf("/c/flood-%02d", i)); r.status != 200 {
			t.Fatalf("flood-%02d: %d", i, r.status)
		}
		if _, ok := f.srv.Cache.Get(popular); !ok {
			t.Fatalf("the popular card was dropped after %d other cards", i+1)
		}
		if i >= 20 && f.srv.Cache.Len() < 19 {
			t.Fatalf("after %d cards the cache holds %d pages: it was emptied", i+1, f.srv.Cache.Len())
		}
		do(t, f.srv, "GET", "/c/alice") // a visitor of the popular card
	}
	if n := f.srv.Cache.Len(); n > 20 {
		t.Errorf("%d pages past the bound of 20", n)
	}
	if f.srv.Cache.Evicted() < 40 {
		t.Errorf("%d pages evicted by a flood of 60 through a cache of 20", f.srv.Cache.Evicted())
	}
}
