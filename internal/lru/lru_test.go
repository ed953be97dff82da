package lru

import (
	"fmt"
	"sync"
	"testing"
)

func TestEntriesBound(t *testing.T) {
	c := New[string, int](3, 1<<20)
	for i := range 5 {
		c.Put(fmt.Sprint(i), i, 1)
	}
	if c.Len() != 3 {
		t.Fatalf("len %d, want 3", c.Len())
	}
	for _, k := range []string{"0", "1"} {
		if _, ok := c.Get(k); ok {
			t.Errorf("%s kept past the bound", k)
		}
	}
}

func TestBytesBoundDropsLeastRecentlyUsed(t *testing.T) {
	var dropped []string
	c := New[string, string](100, 10).OnEvict(func(k, _ string) { dropped = append(dropped, k) })
	c.Put("a", "", 4)
	c.Put("b", "", 4)
	c.Get("a") // b is now the least recently used
	c.Put("c", "", 4)
	if _, ok := c.Get("b"); ok || len(dropped) != 1 || dropped[0] != "b" {
		t.Errorf("dropped %v, want [b]", dropped)
	}
	if c.Bytes() != 8 || c.Len() != 2 {
		t.Errorf("bytes %d len %d, want 8 and 2", c.Bytes(), c.Len())
	}
	c.Put("huge", "", 11)
	if _, ok := c.Get("huge"); ok || c.Bytes() != 8 {
		t.Errorf("a value past the whole bound was kept (bytes %d)", c.Bytes())
	}
	c.Put("a", "", 1) // replacing counts the new size only
	if c.Bytes() != 5 {
		t.Errorf("bytes after replacing a: %d, want 5", c.Bytes())
	}
	c.Clear()
	if c.Len() != 0 || c.Bytes() != 0 {
		t.Errorf("after Clear: len %d bytes %d", c.Len(), c.Bytes())
	}
}

func TestConcurrentUseStaysWithinBounds(t *testing.T) {
	c := New[int, int](50, 400)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				c.Put(g*10000+i, i, int64(i%13))
				c.Get(i)
			}
		}()
	}
	wg.Wait()
	if c.Len() > 50 || c.Bytes() > 400 {
		t.Errorf("len %d bytes %d past the bounds", c.Len(), c.Bytes())
	}
}
