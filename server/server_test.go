package server_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"sitecard/config"
	"sitecard/server"
	"sitecard/testutil"
)

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// An edit made through another instance (here: straight to the shared database) reaches
// this instance's page cache on the next tick of the sync job.
func TestCacheSyncJobPicksUpOtherInstancesEdits(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := clockwork.NewFakeClock()
		srv := testutil.Server(t, cfg, serverWithClock(clock))
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
		other := testutil.Server(t, cfg) // a second instance on the same database
		_, err = other.DB.NewUpdate().Table("cards").
			Set("name_ko = ?", "김철수").Set("updated_at = ?", time.Now().Add(time.Minute).UTC()).
			Where("slug = ?", "demo").Exec(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if body := get(t, base+"/"); !strings.Contains(body, "홍길동") {
			t.Fatal("the page was not served from the cache before the sync")
		}
		advanceUntil(t, clock, func() bool { return strings.Contains(get(t, base+"/"), "김철수") })
	})
}

// advanceUntil moves the fake clock one sync interval at a time until cond holds, polling
// with a deadline instead of sleeping a fixed time.
func advanceUntil(t *testing.T, clock *clockwork.FakeClock, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		clock.Advance(5 * time.Second)
		for range 50 {
			if cond() {
				return
			}
			time.Sleep(10 * time.Millisecond) // polling, not synchronisation: cond decides
		}
	}
	t.Fatal("condition not reached before the deadline")
}

func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	srv := testutil.Server(t, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, 5*time.Second) }()
	base := "http://" + ln.Addr().String()
	if !strings.Contains(get(t, base+"/healthz"), "ok") {
		t.Fatal("not serving")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("shutdown did not finish")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still accepting connections after shutdown")
	}
}

func serverWithClock(clock clockwork.Clock) server.Option {
	return server.WithSchedulerOptions(gocron.WithClock(clock))
}

// The refresh job runs on its schedule (a fake clock here) and records its runs for the
// status panel, with the next run time.
func TestTokenRefreshJobRecordsItsRuns(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		clock := clockwork.NewFakeClock()
		srv := testutil.Server(t, cfg, serverWithClock(clock), server.WithClock(clock.Now))
		srv.Scheduler.Start()
		ctx := context.Background()
		if run, _ := srv.Jobs.Get(ctx, server.TokenRefreshJob); run.LastRunAt != nil {
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
