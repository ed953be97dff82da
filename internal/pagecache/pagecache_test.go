package pagecache_test

import (
	"bytes"
	"compress/gzip"
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
	buf := []byte("alice en dark")
	c.Put(pagecache.Key{Slug: unsafe.String(&buf[0], 5), Lang: unsafe.String(&buf[6], 2), Theme: unsafe.String(&buf[9], 4)}, pagecache.NewPage([]byte("english")))
	copy(buf, "alice ko auto")
	if p, ok := c.Get(pagecache.Key{Slug: "alice", Lang: "en", Theme: "dark"}); !ok || string(p.Body) != "english" {
		t.Error("the page is no longer under its key once the request's bytes changed")
	}
	if _, ok := c.Get(pagecache.Key{Slug: "alice", Lang: "ko", Theme: "auto"}); ok {
		t.Error("the English page answers for the Korean key")
	}
}
