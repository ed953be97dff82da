package lru

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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

// Callers that ask for one key at the same time share one making: the maker is held until
// the 99 others have joined it, and the value is made once.
func TestMemoMakesAValueOnceForConcurrentCallers(t *testing.T) {
	const callers = 100
	var joined sync.WaitGroup
	joined.Add(callers - 1)
	m := NewMemo[string, string](10, 1<<20, func(string) { joined.Done() })
	all := make(chan struct{})
	go func() { joined.Wait(); close(all) }()
	var made atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := m.Get("card-1", func() (string, int64, error) {
				made.Add(1)
				// Everyone else is waiting for this value; without the single flight nobody
				// joins, and the deadline lets each caller make its own.
				select {
				case <-all:
				case <-time.After(3 * time.Second):
				}
				return "drawn", 5, nil
			})
			if err == nil && v != "drawn" {
				err = fmt.Errorf("got %q", v)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := made.Load(); n != 1 {
		t.Errorf("made %d times, want once", n)
	}
	if _, err := m.Get("card-1", func() (string, int64, error) { t.Error("made again once kept"); return "", 0, nil }); err != nil {
		t.Fatal(err)
	}
}

// A failed making is not kept: its waiters get the error, and the next caller tries again.
func TestMemoKeepsNoError(t *testing.T) {
	m := NewMemo[int, int](10, 100, nil)
	boom := errors.New("boom")
	if _, err := m.Get(1, func() (int, int64, error) { return 0, 0, boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if v, err := m.Get(1, func() (int, int64, error) { return 7, 1, nil }); err != nil || v != 7 {
		t.Fatalf("after a failure: %v %v", v, err)
	}
	func() {
		defer func() { recover() }() //nolint:errcheck // the panic is the point
		m.Get(2, func() (int, int64, error) { panic("drawing failed") })
	}()
	if v, err := m.Get(2, func() (int, int64, error) { return 9, 1, nil }); err != nil || v != 9 {
		t.Fatalf("after a panic: %v %v", v, err)
	}
}
