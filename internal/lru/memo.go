package lru

import (
	"fmt"
	"sync"
)

// Memo is a Cache whose values are made on a miss, once however many callers ask for the
// same key at the same time: the first one makes it and the others wait for its value
// (single flight). Twenty visitors who open a card that has just changed draw its image
// once, not twenty times.
type Memo[K comparable, V any] struct {
	cache *Cache[K, V]
	mu    sync.Mutex
	calls map[K]*call[V]
	// joined, if set, is told of each caller that waits for another's value (the tests
	// hold the first maker until the others have joined).
	joined func(K)
}

type call[V any] struct {
	done  chan struct{}
	value V
	err   error
}

// NewMemo returns a memo over a cache of at most maxEntries entries and maxBytes bytes.
// joined may be nil.
func NewMemo[K comparable, V any](maxEntries int, maxBytes int64, joined func(K)) *Memo[K, V] {
	return &Memo[K, V]{cache: New[K, V](maxEntries, maxBytes), calls: map[K]*call[V]{}, joined: joined}
}

// Get returns the value under key, made by fill (which also says its size) if the cache
// has none and no other caller is making it. An error is returned to every caller that
// waited for it, and nothing is kept: the next caller tries again.
func (m *Memo[K, V]) Get(key K, fill func() (V, int64, error)) (V, error) {
	if v, ok := m.cache.Get(key); ok {
		return v, nil
	}
	m.mu.Lock()
	// Looked up again under the lock: a maker that finished since the first look has
	// stored its value before leaving the calls.
	if v, ok := m.cache.Get(key); ok {
		m.mu.Unlock()
		return v, nil
	}
	if c, ok := m.calls[key]; ok {
		m.mu.Unlock()
		if m.joined != nil {
			m.joined(key)
		}
		<-c.done
		return c.value, c.err
	}
	c := &call[V]{done: make(chan struct{})}
	m.calls[key] = c
	m.mu.Unlock()

	defer func() {
		// A maker that panics still releases the callers waiting for it.
		if r := recover(); r != nil {
			c.err = fmt.Errorf("lru: making a value panicked: %v", r)
			m.finish(key, c)
			panic(r)
		}
	}()
	v, size, err := fill()
	c.value, c.err = v, err
	if err == nil {
		m.cache.Put(key, v, size)
	}
	m.finish(key, c)
	return v, err
}

func (m *Memo[K, V]) finish(key K, c *call[V]) {
	m.mu.Lock()
	delete(m.calls, key)
	m.mu.Unlock()
	close(c.done)
}

// Clear drops every value kept (a value being made meanwhile is still kept when made).
func (m *Memo[K, V]) Clear() { m.cache.Clear() }

// Len and Bytes report the cache's size.
func (m *Memo[K, V]) Len() int { return m.cache.Len() }

// Bytes is the sum of the sizes of the values held.
func (m *Memo[K, V]) Bytes() int64 { return m.cache.Bytes() }
