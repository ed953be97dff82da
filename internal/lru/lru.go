package lru

import (
	"container/list"
	"sync"
)

// Cache maps keys to values of a known size. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	mu         sync.Mutex
	order      *list.List // front: most recently used
	items      map[K]*list.Element
	maxEntries int
	maxBytes   int64
	bytes      int64
	evicted    func(K, V)
}

type entry[K comparable, V any] struct {
	key   K
	value V
	size  int64
}

// New returns a cache of at most maxEntries entries and maxBytes bytes (as the sizes given
// to Put count them).
func New[K comparable, V any](maxEntries int, maxBytes int64) *Cache[K, V] {
	return &Cache[K, V]{order: list.New(), items: map[K]*list.Element{}, maxEntries: max(maxEntries, 1), maxBytes: maxBytes}
}

// OnEvict sets what is told of each entry dropped to make room or removed.
func (c *Cache[K, V]) OnEvict(fn func(K, V)) *Cache[K, V] { c.evicted = fn; return c }

// Get returns the value under key and marks it used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*entry[K, V]).value, true
	}
	var zero V
	return zero, false
}

// Put stores value under key, then drops the least recently used entries until both
// bounds hold again. A value larger than the whole byte bound is not kept.
func (c *Cache[K, V]) Put(key K, value V, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.removeElement(el, false)
	}
	if size > c.maxBytes {
		return
	}
	c.items[key] = c.order.PushFront(&entry[K, V]{key, value, size})
	c.bytes += size
	for len(c.items) > c.maxEntries || c.bytes > c.maxBytes {
		c.removeElement(c.order.Back(), true)
	}
}

// Remove drops key, if present.
func (c *Cache[K, V]) Remove(key K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.removeElement(el, true)
	}
}

// Clear drops every entry.
func (c *Cache[K, V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.order.Len() > 0 {
		c.removeElement(c.order.Back(), true)
	}
}

// Len and Bytes report the cache's size (the metrics show them).
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// Bytes is the sum of the sizes of the entries held.
func (c *Cache[K, V]) Bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}

func (c *Cache[K, V]) removeElement(el *list.Element, notify bool) {
	e := c.order.Remove(el).(*entry[K, V])
	delete(c.items, e.key)
	c.bytes -= e.size
	if notify && c.evicted != nil {
		c.evicted(e.key, e.value)
	}
}
