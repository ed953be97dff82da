package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// An edit made through another instance (here: straight to the shared database) reaches
// this instance's page cache on the next tick of the sync job.
func TestCacheSyncJobPicksUpOtherInstancesEdits(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := clockwork.NewFakeClock()
		srv := testsite.Server(t, cfg, serverWithClock(clock))
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
		defer func() { cancel(); <-done }()
		base := "http://" + ln.Addr().String()

		if body := get(t, base+"/"); !strings.Contains(body, "홍길동") {
			t.Fatal("demo card not served")
		}
		other := testsite.Server(t, cfg) // a second instance on the same database
		_, err = other.DB.NewUpdate().Table("cards").
			Set("name_ko = ?", "김철수").Set("updated_at = ?", time.Now().Add(time.Minute).UTC()).
			Where("slug = ?", "demo").Exec(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if body := get(t, base+"/"); !strings.Contains(body, "홍길동") {
			t.Fatal("the page was not served from the cache before the sync")
		}
		// Within 2 s of the instance's clock: two ticks of the one-second sync.
		advanceUntil(t, clock, 2, func() bool { return strings.Contains(get(t, base+"/"), "김철수") })
	})
}

// advanceUntil moves the fake clock one second at a time, at most seconds times, until
// cond holds; after each step it polls cond with a deadline instead of sleeping a fixed time.
func advanceUntil(t *testing.T, clock *clockwork.FakeClock, seconds int, cond func() bool) {
	t.Helper()
	for range seconds {
		clock.Advance(time.Second)
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) {
			if cond() {
				return
			}
			time.Sleep(10 * time.Millisecond) // polling, not synchronisation: cond decides
		}
	}
	t.Fatalf("condition not reached within %d s of the site's clock", seconds)
}

// A request that is in a handler when the shutdown begins still gets its answer; new
// connections are refused meanwhile. The request in flight is the panel's "send a test
// message", held inside the fake Kakao until the test lets it go.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.AdminLogin, cfg.AdminPassword = "owner", "owner-pass-1"
	clock := &testutil.Clock{}
	fake := testutil.FakeKakao(t, cfg, clock)
	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	held := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/memo/default/send") {
			once.Do(func() { close(arrived) })
			<-release
		}
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(held.Close)
	cfg.Kakao.APIURL = held.URL
	srv := testsite.Server(t, cfg, server.WithFastPasswordHashing())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 10*time.Second) }()
	base := "http://" + ln.Addr().String()

	// The owner signs in and connects KakaoTalk.
	owner := browserClient(t)
	token := csrf(t, owner, base+"/login")
	resp, err := owner.PostForm(base+"/login", url.Values{"login": {"owner"}, "password": {"owner-pass-1"}, "_csrf": {token}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in: %v %v", resp, err)
	}
	resp.Body.Close()
	authorize, err := srv.Messages.Account.AuthorizeURL("st")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Messages.Account.Connect(ctx, 1, testutil.Authorize(t, authorize).Query().Get("code")); err != nil {
		t.Fatal(err)
	}
	token = csrf(t, owner, base+"/admin/kakao")

	answered := make(chan int, 1)
	go func() {
		resp, err := owner.PostForm(base+"/admin/kakao/test", url.Values{"_csrf": {token}})
		if err != nil {
			t.Errorf("in-flight request: %v", err)
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second):
		t.Fatal("the test message never reached Kakao")
	}
	cancel() // SIGTERM, as main wires it
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
		if err != nil {
			break // the listener is closed
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections after the shutdown began")
		}
		time.Sleep(10 * time.Millisecond) // polling with a deadline
	}
	select {
	case <-answered:
		t.Fatal("the in-flight request was answered before Kakao was")
	default:
	}
	close(release)
	if status := <-answered; status != http.StatusSeeOther {
		t.Errorf("in-flight request answered %d, want 303", status)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("shutdown did not finish")
	}
	if n := len(fake.Memos()); n != 1 {
		t.Errorf("%d memos at Kakao, want the test message", n)
	}
}

// browserClient keeps cookies and does not follow redirects, like a test of a browser.
func browserClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf loads a page and returns the CSRF token of its forms.
func csrf(t *testing.T, c *http.Client, page string) string {
	t.Helper()
	resp, err := c.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	m := csrfField.FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s has no CSRF token (%d)", page, resp.StatusCode)
	}
	return string(m[1])
}

func serverWithClock(clock clockwork.Clock) server.Option {
	return server.WithSchedulerOptions(gocron.WithClock(clock))
}

// The refresh job runs on its schedule (a fake clock here) and records its runs for the
// status panel, with the next run time.
func TestTokenRefreshJobRecordsItsRuns(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := clockwork.NewFakeClock()
		srv := testsite.Server(t, cfg, serverWithClock(clock), server.WithClock(clock.Now))
		srv.Scheduler.Start()
		ctx := context.Background()
		if run, err := srv.Jobs.Get(ctx, server.TokenRefreshJob); err != nil || run.LastRunAt != nil {
			t.Fatal("the job ran before its first tick")
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			clock.Advance(10 * time.Minute)
			run, err := srv.Jobs.Get(ctx, server.TokenRefreshJob)
			if err != nil {
				t.Fatal(err)
			}
			if run.LastRunAt != nil {
				if run.LastResult != "ok" || run.Schedule != "every 10m0s" || run.NextRunAt == nil || !run.NextRunAt.After(*run.LastRunAt) {
					t.Errorf("recorded run: %+v", run)
				}
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("the refresh job never ran")
			}
			time.Sleep(20 * time.Millisecond) // polling with a deadline
		}
	})
}
