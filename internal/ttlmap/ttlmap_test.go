package ttlmap_test

import (
	"testing"
	"time"

	"sitecard/internal/ttlmap"
)

// A value is there until its time is up, on the caller's clock, and not after; a put
// sweeps what expired, so keys that are never asked again do not pile up; a dropped
// value is gone at once.
func TestValuesAreRememberedForTheirTimeOnly(t *testing.T) {
	m := ttlmap.New[string, int](time.Second)
	t0 := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	m.Put("a", 1, t0)
	if v, ok := m.Get("a", t0.Add(999*time.Millisecond)); !ok || v != 1 {
		t.Errorf("within the second: %v %v", v, ok)
	}
	if v, ok := m.Get("a", t0.Add(time.Second)); ok {
		t.Errorf("after the second: %v, still there", v)
	}
	if _, ok := m.Get("missing", t0); ok {
		t.Error("a key never put is found")
	}
	for i, k := range []string{"b", "c", "d"} {
		m.Put(k, i, t0)
	}
	m.Put("e", 5, t0.Add(2*time.Second))
	if n := m.Len(); n != 1 {
		t.Errorf("after a later put %d values are held, want only the fresh one", n)
	}
	m.Drop("e")
	if _, ok := m.Get("e", t0.Add(2*time.Second)); ok {
		t.Error("a dropped value is found")
	}
}
