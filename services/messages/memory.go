package messages

import (
	"sync"
	"time"
)

// shortMemory remembers values for a second: a burst of messages then costs one lookup,
// not one each, and a change made on another instance takes effect within the second.
// Callers put only keys that name something that exists (a card, a member), so it is
// bounded by those, not by what visitors type; expired entries go when it is swept on a
// later put.
type shortMemory[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]memoryEntry[V]
}

type memoryEntry[V any] struct {
	v       V
	expires time.Time
}

// memoryTTL is how long a value is remembered.
const memoryTTL = time.Second

func newShortMemory[K comparable, V any]() *shortMemory[K, V] {
	return &shortMemory[K, V]{m: map[K]memoryEntry[V]{}}
}

func (s *shortMemory[K, V]) get(k K, now time.Time) (V, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.m[k]; ok && now.Before(r.expires) {
		return r.v, true
	}
	var zero V
	return zero, false
}

func (s *shortMemory[K, V]) put(k K, v V, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for key, r := range s.m {
		if !now.Before(r.expires) {
			delete(s.m, key)
		}
	}
	s.m[k] = memoryEntry[V]{v: v, expires: now.Add(memoryTTL)}
}

func (s *shortMemory[K, V]) drop(k K) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
}
