// Package pagecache keeps rendered pages in memory, ready to send: plain and gzipped
// bytes with their ETag. Pages are dropped when card content changes.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
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

// Key identifies one variant of a card page. Slug is empty for the primary card.
type Key struct {
	Slug     string
	Lang     string
	Theme    string
	Fragment bool
	// InApp is the in-app browser the page was made for ("" for a real browser): such a
	// page offers to open the card in the phone's browser.
	InApp string
}

// Cache maps keys to pages. The zero value is not usable; call New.
type Cache struct {
	mu       sync.RWMutex
	pages    map[Key]*Page
	max      int
	maxBytes int64
	bytes    int64
	version  string
}

// New returns a cache holding at most max pages and maxBytes bytes; past either it starts
// over, which is cheap because each page re-renders in well under a millisecond, and
// keeps the hot path to a read lock (an LRU's bookkeeping would take a write lock on
// every hit).
func New(max int, maxBytes int64) *Cache {
	return &Cache{pages: make(map[Key]*Page), max: max, maxBytes: maxBytes}
}

// Get returns the cached page for key.
func (c *Cache) Get(key Key) (*Page, bool) {
	c.mu.RLock()
	p, ok := c.pages[key]
	c.mu.RUnlock()
	return p, ok
}

// Put stores a page under key.
func (c *Cache) Put(key Key, p *Page) {
	// The slug comes from the request's path, whose bytes the next request reuses; the
	// cache keeps its own copy, and of the language and theme too, should a caller pass
	// them as it got them.
	key.Slug, key.Lang, key.Theme = strings.Clone(key.Slug), strings.Clone(key.Lang), strings.Clone(key.Theme)
	size := p.size()
	c.mu.Lock()
	if old, ok := c.pages[key]; ok {
		c.bytes -= old.size()
	}
	if len(c.pages) >= c.max || c.bytes+size > c.maxBytes {
		clear(c.pages)
		c.bytes = 0
	}
	c.pages[key] = p
	c.bytes += size
	c.mu.Unlock()
}

func (p *Page) size() int64 { return int64(len(p.Body) + len(p.Gzip) + 2*len(p.ETag) + 128) }

// Size reports the pages held and their bytes (the metrics show them).
func (c *Cache) Size() (entries int, bytes int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.pages), c.bytes
}

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
