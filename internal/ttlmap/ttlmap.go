package ttlmap

import (
	"sync"
	"time"
)

// Map remembers values for a while: a burst of messages then costs one lookup, not one
// each, and a change made on another instance takes effect within the while. Callers
// put only keys that name something that exists (a card, a member), so it is bounded by
// those, not by what visitors type; expired entries go when it is swept on a later put.
// Time is passed in, so that it follows the caller's clock.
type Map[K comparable, V any] struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[K]entry[V]
}

type entry[V any] struct {
	v       V
	expires time.Time
}

// New returns an empty map that remembers each value for ttl.
func New[K comparable, V any](ttl time.Duration) *Map[K, V] {
	return &Map[K, V]{ttl: ttl, m: map[K]entry[V]{}}
}

// Get returns k's value if it was put less than the ttl before now.
func (s *Map[K, V]) Get(k K, now time.Time) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.m[k]; ok && now.Before(r.expires) {
		return r.v, true
	}
	var zero V
	return zero, false
}

// Put remembers v for k from now, and forgets every value expired by now.
func (s *Map[K, V]) Put(k K, v V, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, r := range s.m {
		if !now.Before(r.expires) {
			delete(s.m, key)
		}
	}
	s.m[k] = entry[V]{v: v, expires: now.Add(s.ttl)}
}

// Drop forgets k's value.
func (s *Map[K, V]) Drop(k K) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
}

// Len is how many values are held, expired ones not yet swept included.
func (s *Map[K, V]) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
