// Package pagecache keeps rendered pages in memory, ready to send: plain and gzipped
// bytes with their ETag. Pages are dropped when card content changes, and past the
// cache's bounds the least recently used go first.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"sync/atomic"
)

// Page is one rendered response body, prepared once and served many times.
type Page struct {
	Body      []byte
	Gzip      []byte
	ETag      string
	ETagBytes []byte
	// CardID is the card shown, for counting views without touching the database.
	CardID int64
}

// NewPage computes a page's ETag and gzipped form.
func NewPage(body []byte) *Page {
	sum := sha256.Sum256(body)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(body) //nolint:errcheck // writes to a bytes.Buffer do not fail
	zw.Close()     //nolint:errcheck
	p := &Page{Body: body, ETag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	if buf.Len() < len(body) {
		p.Gzip = buf.Bytes()
	}
	p.ETagBytes = []byte(p.ETag)
	return p
}

// Key identifies one variant of a card page. Slug is the card's normalized slug, empty
// for the primary card at /. Every other part takes one of a few known values (the
// handler maps the request to them), so that the number of keys is the number of cards
// times a constant, whatever the requests hold.
type Key struct {
	Slug     string
	Lang     string
	Theme    string
	Fragment bool
	// InApp is the in-app browser the page was made for ("" for a real browser): such a
	// page offers to open the card in the phone's browser.
	InApp string
}

// entry is a page with the tick of its last use.
type entry struct {
	page *Page
	size int64
	used atomic.Uint64
}

// Cache maps keys to pages. The zero value is not usable; call New.
type Cache struct {
	mu       sync.RWMutex
	pages    map[Key]*entry
	max      int
	maxBytes int64
	bytes    int64
	version  string
	// tick orders uses: a hit stores the next tick in its entry under the read lock, so
	// the hot path never takes the write lock, and eviction drops the entry with the
	// oldest tick (least recently used).
	tick    atomic.Uint64
	evicted atomic.Int64
}

// New returns a cache holding at most max pages and maxBytes bytes; past either it drops
// the least recently used pages, one at a time, until the new one fits.
func New(max int, maxBytes int64) *Cache {
	return &Cache{pages: make(map[Key]*entry), max: max, maxBytes: maxBytes}
}

// Get returns the cached page for key and marks it used.
func (c *Cache) Get(key Key) (*Page, bool) {
	c.mu.RLock()
	e, ok := c.pages[key]
	if ok {
		e.used.Store(c.tick.Add(1))
	}
	c.mu.RUnlock()
	if !ok {
		return nil, false
	}
	return e.page, true
}

// Put stores a page under key. A page larger than the whole byte bound is not kept.
func (c *Cache) Put(key Key, p *Page) {
	// The slug comes from the request's path, whose bytes the next request reuses; the
	// cache keeps its own copy, and of the language, theme and browser too, should a
	// caller pass them as it got them.
	key.Slug, key.Lang, key.Theme, key.InApp = strings.Clone(key.Slug), strings.Clone(key.Lang), strings.Clone(key.Theme), strings.Clone(key.InApp)
	size := p.size()
	if size > c.maxBytes {
		return
	}
	e := &entry{page: p, size: size}
	e.used.Store(c.tick.Add(1))
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.pages[key]; ok {
		c.bytes -= old.size
		delete(c.pages, key)
	}
	for len(c.pages) > 0 && (len(c.pages) >= c.max || c.bytes+size > c.maxBytes) {
		c.evictOldest()
	}
	c.pages[key] = e
	c.bytes += size
}

// evictOldest drops the least recently used page. It scans every entry: that costs a few
// microseconds for the thousands a cache holds, and runs only on a miss, which has just
// spent far longer rendering; the hits stay on the read lock.
func (c *Cache) evictOldest() {
	var oldest Key
	first := true
	var at uint64
	for k, e := range c.pages {
		if u := e.used.Load(); first || u < at {
			oldest, at, first = k, u, false
		}
	}
	c.bytes -= c.pages[oldest].size
	delete(c.pages, oldest)
	c.evicted.Add(1)
}

func (p *Page) size() int64 { return int64(len(p.Body) + len(p.Gzip) + 2*len(p.ETag) + 128) }

// Size reports the pages held and their bytes (the metrics show them).
func (c *Cache) Size() (entries int, bytes int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.pages), c.bytes
}

// Evicted counts the pages dropped to make room since the cache was made.
func (c *Cache) Evicted() int64 { return c.evicted.Load() }

// Purge drops every page.
func (c *Cache) Purge() {
	c.mu.Lock()
	clear(c.pages)
	c.bytes = 0
	c.mu.Unlock()
}

// Sync purges the cache when the content version differs from the one last seen.
// It reports whether it purged.
func (c *Cache) Sync(version string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version == c.version {
		return false
	}
	first := c.version == ""
	c.version = version
	clear(c.pages)
	c.bytes = 0
	return !first
}

// Len returns how many pages are cached.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.pages)
}

// Keys lists the keys held, in no order (the tests count a card's variants with it).
func (c *Cache) Keys() []Key {
	c.mu.RLock()
	defer c.mu.RUnlock()
	keys := make([]Key, 0, len(c.pages))
	for k := range c.pages {
		keys = append(keys, k)
	}
	return keys
}
