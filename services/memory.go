package services

import (
	"time"

	"sitecard/internal/ttlmap"
)

// shortMemory is internal/ttlmap under the names the message services use (channels,
// contact, outbox): it remembers values for a second, so a burst of messages costs one
// lookup, and a change on another instance takes effect within the second. It goes when
// those services move to services/messages, which use ttlmap directly.
type shortMemory[K comparable, V any] struct{ m *ttlmap.Map[K, V] }

// memoryTTL is how long a value is remembered.
const memoryTTL = time.Second

func newShortMemory[K comparable, V any]() *shortMemory[K, V] {
	return &shortMemory[K, V]{m: ttlmap.New[K, V](memoryTTL)}
}

func (s *shortMemory[K, V]) get(k K, now time.Time) (V, bool) { return s.m.Get(k, now) }

func (s *shortMemory[K, V]) put(k K, v V, now time.Time) { s.m.Put(k, v, now) }

func (s *shortMemory[K, V]) drop(k K) { s.m.Drop(k) }
