package handlers

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// lockedBuffer is a log written by the server's goroutines and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// The request log reports a streamed response without reading its body: its line is
// written while the stream has produced nothing (asking fasthttp for the body would read
// the whole stream into memory first, and a backup download would be held whole), and the
// body then reaches the client whole. A body that is not a stream is counted as before.
func TestRequestLogLeavesAStreamedBodyAlone(t *testing.T) {
	logged := &lockedBuffer{}
	app := fiber.New()
	app.Use(requestLog(slog.New(slog.NewJSONHandler(logged, nil)), nil))
	release := make(chan struct{})
	const size = 4 << 20
	app.Get("/stream", func(c *fiber.Ctx) error {
		c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
			<-release
			w.Write(bytes.Repeat([]byte("x"), size)) //nolint:errcheck // the test reads it back
		})
		return nil
	})
	app.Get("/plain", func(c *fiber.Ctx) error { return c.SendString("hello") })
	got := make(chan int, 1)
	go func() {
		resp, err := app.Test(httptest.NewRequest("GET", "/stream", nil), -1)
		if err != nil {
			got <- -1
			return
		}
		b, _ := io.ReadAll(resp.Body)
		got <- len(b)
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logged.String(), `"path":"/stream"`); {
		if time.Now().After(deadline) {
			close(release)
			t.Fatal("no log line while the stream waits: the log reads the body before it is sent")
		}
		time.Sleep(5 * time.Millisecond) // polling for the log line, not timing it
	}
	close(release)
	if n := <-got; n != size {
		t.Errorf("the client got %d bytes of %d", n, size)
	}
	if !strings.Contains(logged.String(), `"bytes":-1`) {
		t.Errorf("a stream without a length is not logged as -1:\n%s", logged.String())
	}
	if _, err := app.Test(httptest.NewRequest("GET", "/plain", nil), -1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logged.String(), `"path":"/plain","status":200`) || !strings.Contains(logged.String(), `"bytes":5`) {
		t.Errorf("a plain body's size is not logged:\n%s", logged.String())
	}
}
