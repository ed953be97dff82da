package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"strings"
	"testing"
	"unsafe"

	"sitecard/internal/pagecache"
)

func TestPageGzipsAndTags(t *testing.T) {
	body := []byte(strings.Repeat("<p>홍길동</p>", 200))
	p := pagecache.NewPage(body)
	zr, err := gzip.NewReader(bytes.NewReader(p.Gzip))
	if err != nil {
		t.Fatal(err)
	}
	back, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, body) || len(p.Gzip) >= len(body) {
		t.Fatalf("gzip round trip failed or did not shrink (%d → %d)", len(body), len(p.Gzip))
	}
	if other := pagecache.NewPage(append(body, '!')); other.ETag == p.ETag {
		t.Error("different bodies share an ETag")
	}
	if tiny := pagecache.NewPage([]byte("x")); tiny.Gzip != nil {
		t.Error("a body that gzip cannot shrink was stored gzipped")
	}
}

func TestSyncPurgesOnlyWhenTheVersionChanges(t *testing.T) {
	c := pagecache.New(10, 1<<20)
	k := pagecache.Key{Slug: "demo", Lang: "ko", Theme: "auto"}
	c.Sync("v1")
	c.Put(k, pagecache.NewPage([]byte("a")))
	if c.Sync("v1") {
		t.Error("same version purged")
	}
	if _, ok := c.Get(k); !ok {
		t.Fatal("page lost without a change")
	}
	if !c.Sync("v2") {
		t.Error("new version did not purge")
	}
	if _, ok := c.Get(k); ok {
		t.Error("stale page survived a version change")
	}
}

func TestCacheIsBounded(t *testing.T) {
	c := pagecache.New(3, 1<<20)
	for i := range 10 {
		c.Put(pagecache.Key{Slug: strings.Repeat("x", i+1)}, pagecache.NewPage([]byte("a")))
		if c.Len() > 3 {
			t.Fatalf("%d pages cached, max 3", c.Len())
		}
	}
}

func TestCacheIsBoundedInBytes(t *testing.T) {
	c := pagecache.New(1000, 10_000)
	for i := range 20 {
		c.Put(pagecache.Key{Slug: strings.Repeat("x", i+1)}, pagecache.NewPage(make([]byte, 3000)))
		if n, b := c.Size(); b > 10_000 || n == 0 {
			t.Fatalf("after %d puts: %d pages, %d bytes (bound 10,000)", i+1, n, b)
		}
	}
	c.Purge()
	if n, b := c.Size(); n != 0 || b != 0 {
		t.Errorf("after Purge: %d pages, %d bytes", n, b)
	}
}

// A key's strings may be views of a request's buffers: the cache keeps its own copies, so
// the next request's bytes cannot turn one page's key into another's.
func TestKeysOutliveTheRequestsBuffers(t *testing.T) {
	c := pagecache.New(16, 1<<20)
	buf := []byte("alice en dark kakaotalk")
	c.Put(pagecache.Key{Slug: unsafe.String(&buf[0], 5), Lang: unsafe.String(&buf[6], 2), Theme: unsafe.String(&buf[9], 4),
		InApp: unsafe.String(&buf[14], 9)}, pagecache.NewPage([]byte("english")))
	copy(buf, "bobby ko auto instagram")
	if p, ok := c.Get(pagecache.Key{Slug: "alice", Lang: "en", Theme: "dark", InApp: "kakaotalk"}); !ok || string(p.Body) != "english" {
		t.Error("the page is no longer under its key once the request's bytes changed")
	}
	if _, ok := c.Get(pagecache.Key{Slug: "bobby", Lang: "ko", Theme: "auto", InApp: "instagram"}); ok {
		t.Error("the English page answers for another key")
	}
}

// Past its bounds the cache drops the least recently used pages, a few at a time, never
// the whole cache: a card visitors keep reading stays while a flood of other cards passes
// through.
func TestFloodEvictsTheLeastRecentlyUsed(t *testing.T) {
	for _, bound := range []struct {
		name     string
		max      int
		maxBytes int64
	}{{"entries", 50, 1 << 30}, {"bytes", 1 << 20, 50 * 1200}} {
		t.Run(bound.name, func(t *testing.T) {
			c := pagecache.New(bound.max, bound.maxBytes)
			popular := pagecache.Key{Slug: "popular", Lang: "ko", Theme: "auto"}
			c.Put(popular, pagecache.NewPage(make([]byte, 1000)))
			for i := range 2000 {
				c.Put(pagecache.Key{Slug: fmt.Sprint("card-", i), Lang: "ko", Theme: "auto"}, pagecache.NewPage(make([]byte, 1000)))
				if i%10 == 0 {
					if _, ok := c.Get(popular); !ok {
						t.Fatalf("the popular card was dropped after %d other cards", i+1)
					}
				}
				if n, _ := c.Size(); i > 100 && n < 40 {
					t.Fatalf("after %d cards only %d pages are left: the cache was emptied", i+1, n)
				}
			}
			if _, ok := c.Get(pagecache.Key{Slug: "card-0", Lang: "ko", Theme: "auto"}); ok {
				t.Error("the oldest card of the flood is still cached past the bound")
			}
			if _, ok := c.Get(pagecache.Key{Slug: "card-1999", Lang: "ko", Theme: "auto"}); !ok {
				t.Error("the newest card is not cached")
			}
			if c.Evicted() < 1900 {
				t.Errorf("%d pages evicted, want one per page past the bound", c.Evicted())
			}
		})
	}
}

func TestAPageLargerThanTheCacheIsNotKept(t *testing.T) {
	c := pagecache.New(10, 5000)
	keep := pagecache.Key{Slug: "small"}
	c.Put(keep, pagecache.NewPage([]byte("a")))
	c.Put(pagecache.Key{Slug: "huge"}, pagecache.NewPage(make([]byte, 6000)))
	if _, ok := c.Get(keep); !ok || c.Len() != 1 {
		t.Errorf("a page past the whole bound changed the cache: %d pages", c.Len())
	}
}
