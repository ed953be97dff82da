package server_test

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"runtime"
	"sitecard/internal/backup/backuptest"
	"strings"
	"sync"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
	"sitecard/models"
	"sitecard/services"
)

// liveHeap is the heap's live bytes, after a collection: what the process holds, not what
// it has yet to collect.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// rss is the process's resident memory, from /proc (0 where there is none).
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, resident uint64
	fmt.Sscan(string(b), &size, &resident) //nolint:errcheck // 0 on a strange kernel
	return resident * uint64(os.Getpagesize())
}

// signedIn is an HTTP client with an admin's session on a served site.
func signedIn(t *testing.T, base, login, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(b)
	if m == nil {
		t.Fatal("no CSRF token on /login")
	}
	resp, err = c.PostForm(base+"/login", url.Values{"login": {login}, "password": {password}, "_csrf": {string(m[1])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/admin") {
		t.Fatalf("sign-in went to %q (%d)", loc, resp.StatusCode)
	}
	return c
}

// slowReader asks for the backup over a connection of its own, reads the answer's status
// line and headers, and then reads nothing more.
type slowReader struct {
	conn   net.Conn
	status int
	body   string // of a refusal
}

func startSlowReader(t *testing.T, addr, cookie string) *slowReader {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET /admin/backup HTTP/1.1\r\nHost: %s\r\nAccept: application/json\r\nCookie: %s\r\n\r\n", addr, cookie)
	conn.SetReadDeadline(time.Now().Add(20 * time.Second)) //nolint:errcheck // a test connection
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 512), nil)
	if err != nil {
		t.Fatalf("the backup's answer: %v", err)
	}
	r := &slowReader{conn: conn, status: resp.StatusCode}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		r.body = string(b) + " Retry-After: " + resp.Header.Get("Retry-After")
	}
	return r
}

// Eight admins' browsers ask for the backup at once and stop reading. One download is
// written, the others are told 429 with the reason; the one written holds a buffer, not
// the file, and a connection of its own, so the card page and /readyz answer throughout;
// and once its reader has read nothing for the idle time, it is ended and the next
// download is written whole. The site holds a 9 MB file that gzip cannot shrink (the probe
// saw 314 MB added by eight unread downloads of such a site on SQLite).
func TestBackupDownloadsOfStalledReadersHoldNeitherMemoryNorThePool(t *testing.T) {
	testutil.ForEachDBInTurn(t, func(t *testing.T, cfg *config.Config) {
		const idle = 3 * time.Second
		srv := testsite.Server(t, cfg, server.WithFastPasswordHashing(), server.WithBackupIdle(idle))
		ctx := context.Background()
		m, err := srv.Members.Setup(ctx, map[string]string{"login": "alice", "password": "alice-pass-1", "email": "alice@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		alice := services.Actor{ID: m.ID, Admin: true}
		card, err := srv.Cards.Create(ctx, alice, map[string]string{"slug": "alice", "name_ko": "앨리스"})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Cards.UpdateSettings(ctx, alice, card.ID, map[string]string{"slug": "alice", "published": "on"}); err != nil {
			t.Fatal(err)
		}
		big := make([]byte, 9<<20)
		rand.Read(big) //nolint:errcheck // crypto/rand does not fail
		if err := models.InsertUpload(ctx, srv.DB, &models.Upload{Name: strings.Repeat("f", 32) + ".pdf", ContentType: "application/pdf",
			Body: big, CreatedAt: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
		big = nil
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		serveCtx, stop := context.WithCancel(ctx)
		served := make(chan error, 1)
		go func() { served <- srv.Serve(serveCtx, ln, time.Second) }()
		defer func() { stop(); <-served }()
		base := "http://" + ln.Addr().String()
		admin := signedIn(t, base, "alice", "alice-pass-1")
		u, _ := url.Parse(base)
		var cookie []string
		for _, c := range admin.Jar.Cookies(u) {
			cookie = append(cookie, c.Name+"="+c.Value)
		}

		idleHeap, idleRSS := liveHeap(), rss()
		readers := make([]*slowReader, 8)
		var wg sync.WaitGroup
		for i := range readers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				readers[i] = startSlowReader(t, ln.Addr().String(), strings.Join(cookie, "; "))
			}()
		}
		wg.Wait()
		streaming := 0
		for _, r := range readers {
			switch {
			case r.status == http.StatusOK:
				streaming++
			case r.status != http.StatusTooManyRequests || !strings.Contains(r.body, `"code":429`) || !strings.Contains(r.body, "Retry-After: 4"):
				t.Errorf("a second download: %d %s", r.status, r.body)
			}
		}
		if streaming != 1 {
			t.Fatalf("%d downloads written at once, want one", streaming)
		}
		// A browser that asks meanwhile is told why, in its language.
		resp, err := admin.Get(base + "/admin/backup")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(page), "백업을 내려받는 중입니다") {
			t.Errorf("the page for a second download: %d %.300s", resp.StatusCode, page)
		}

		// While the download stalls: the pages answer, and memory stays near idle.
		visitor := &http.Client{Timeout: 3 * time.Second}
		var peakHeap, peakRSS uint64
		answered := 0
		for start := time.Now(); time.Since(start) < idle; {
			for _, path := range []string{"/c/alice", "/readyz"} {
				resp, err := visitor.Get(base + path)
				if err != nil {
					t.Fatalf("%s during the download: %v", path, err)
				}
				io.Copy(io.Discard, resp.Body) //nolint:errcheck // only the status matters
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s during the download: %d", path, resp.StatusCode)
				}
				answered++
			}
			peakHeap, peakRSS = max(peakHeap, liveHeap()), max(peakRSS, rss())
		}
		t.Logf("idle: heap %.1f MB, RSS %.1f MB; stalled download: heap up to %.1f MB (+%.1f), RSS up to %.1f MB (+%.1f); %d pages answered",
			float64(idleHeap)/1e6, float64(idleRSS)/1e6, float64(peakHeap)/1e6, (float64(peakHeap)-float64(idleHeap))/1e6,
			float64(peakRSS)/1e6, (float64(peakRSS)-float64(idleRSS))/1e6, answered)
		if peakHeap > idleHeap+50<<20 {
			t.Errorf("a stalled download holds %d MB of heap", (peakHeap-idleHeap)>>20)
		}

		// The stalled download is ended after the idle time; the next one is written whole.
		var file []byte
		for deadline := time.Now().Add(30 * time.Second); ; {
			resp, err := admin.Get(base + "/admin/backup")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				file = b
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the stalled download was not ended: %d %.200s", resp.StatusCode, b)
			}
			time.Sleep(100 * time.Millisecond) // polling for the end of the stalled download, not timing it
		}
		if _, bodies := backuptest.Entries(t, file); !strings.Contains(string(bodies["tables/uploads.jsonl"]), strings.Repeat("f", 32)) {
			t.Error("the download after the stalled one does not hold the upload")
		}
	})
}

// Two instances on one MariaDB write one backup at a time between them: the second asks
// while the first writes and is told the site is busy; once the first ends, it may.
func TestOneBackupAtATimeAcrossInstances(t *testing.T) {
	cfg := testutil.Config(t, testutil.MariaDB(t))
	a, b := testsite.Server(t, cfg), testsite.Server(t, cfg)
	ctx := context.Background()
	job, err := a.Backups.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Backups.Start(ctx); !errors.Is(err, services.ErrBackupBusy) {
		t.Errorf("a second instance's backup during the first: %v", err)
	}
	if _, err := a.Backups.Start(ctx); !errors.Is(err, services.ErrBackupBusy) {
		t.Errorf("a second backup on the same instance: %v", err)
	}
	job.Close()
	again, err := b.Backups.Start(ctx)
	if err != nil {
		t.Fatalf("after the first ended: %v", err)
	}
	again.Close()
}
