package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

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
	c := pagecache.New(10)
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
	c := pagecache.New(3)
	for i := range 10 {
		c.Put(pagecache.Key{Slug: strings.Repeat("x", i+1)}, pagecache.NewPage([]byte("a")))
		if c.Len() > 3 {
			t.Fatalf("%d pages cached, max 3", c.Len())
		}
	}
}
