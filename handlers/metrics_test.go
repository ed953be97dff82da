package handlers_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

// /metrics is scraped by a bearer of METRICS_TOKEN and shows requests by route, deliveries,
// the outbox, the connections, chat answers, the database pool and the Go runtime.
func TestMetricsAreScraped(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		cfg.MetricsToken = "scrape-me"
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		sendAPI(t, k.srv, "alice", "metrics")
		k.deliver(t)
		if err := k.srv.Indexer.IndexStale(context.Background()); err != nil {
			t.Fatal(err)
		}
		postJSONTo(t, k.srv, "/chat/", `{"question":"skills?","card":"alice"}`)
		do(t, k.srv, "GET", "/c/alice")
		do(t, k.srv, "GET", "/no/such/page")

		if r := do(t, k.srv, "GET", "/metrics"); r.status != 401 {
			t.Errorf("without the token: %d", r.status)
		}
		if r := do(t, k.srv, "GET", "/metrics", "Authorization", "Bearer wrong"); r.status != 401 {
			t.Errorf("with a wrong token: %d", r.status)
		}
		r := do(t, k.srv, "GET", "/metrics", "Authorization", "Bearer scrape-me")
		if r.status != 200 {
			t.Fatalf("scrape: %d", r.status)
		}
		mustContain(t, "metrics", r.body,
			`sitecard_http_request_duration_seconds_bucket{method="GET",route="/c/:slug",status="200",le=`,
			`sitecard_http_request_duration_seconds_count{method="GET",route="(unmatched)",status="404"}`,
			`sitecard_deliveries_total{channel="kakao",outcome="sent"} 1`,
			`sitecard_outbox_messages{state="sent"} 1`, `sitecard_outbox_messages{state="failed"} 0`,
			`sitecard_kakao_connections{state="healthy"} 1`, `sitecard_kakao_connections{state="disconnected"} 2`,
			`sitecard_chat_answers_total{kind="quoted"} 1`,
			`go_sql_max_open_connections{db_name="sitecard"} `, "go_goroutines ", "process_resident_memory_bytes ",
			`sitecard_cache_entries{cache="chat"} 1`, `sitecard_cache_bytes{cache="page"} `)
		if strings.Contains(r.body, `route="/c/alice"`) {
			t.Error("requests are labelled by address, not by route pattern")
		}
	})
}

// Many requests at once with mixed methods and paths, over a real connection (where the
// server reuses its buffers), leave /metrics whole: it answers, and every method label is
// a method.
func TestMetricsSurviveMixedParallelRequests(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	cfg.MetricsToken = "scrape-me"
	srv := testsite.Server(t, cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.App.Listener(ln)                  //nolint:errcheck // ends with the shutdown below
	t.Cleanup(func() { srv.App.Shutdown() }) //nolint:errcheck
	base := "http://" + ln.Addr().String()
	methods := []string{"GET", "HEAD", "POST", "DELETE", "PUT", "OPTIONS", "PATCH"}
	paths := []string{"/", "/c/demo", "/healthz", "/no/such/page", "/c/demo/vcard.vcf", "/login", "/kakao/", "/chat/"}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			for j := range 10 {
				req, err := http.NewRequest(methods[(i+j)%len(methods)], base+paths[(i*3+j)%len(paths)], strings.NewReader(`{}`))
				if err != nil {
					t.Error(err)
					return
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body) //nolint:errcheck
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer scrape-me")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("scrape after mixed requests: %d %.300s", resp.StatusCode, body)
	}
	for _, m := range regexp.MustCompile(`method="([^"]*)"`).FindAllStringSubmatch(string(body), -1) {
		if !slices.Contains(append(methods, "OTHER"), m[1]) {
			t.Errorf("a method label reads %q", m[1])
		}
	}
}

// With the database cut, /metrics still answers with the process and runtime metrics, and
// says the database is down; once it is back, so are the outbox gauges.
func TestMetricsServeTheProcessWithTheDatabaseDown(t *testing.T) {
	f, proxy := faultSite(t, func(c *config.Config) { c.MetricsToken = "scrape-me" })
	scrape := func() response {
		return do(t, f.srv, "GET", "/metrics", "Authorization", "Bearer scrape-me")
	}
	proxy.Cut()
	r := scrape()
	if r.status != 200 {
		t.Fatalf("scrape with the database down: %d %.200s", r.status, r.body)
	}
	mustContain(t, "metrics, database down", r.body, "process_resident_memory_bytes ", "go_goroutines ",
		"sitecard_database_up 0", "go_sql_max_open_connections")
	if strings.Contains(r.body, "sitecard_outbox_messages{") {
		t.Error("outbox gauges reported while the database cannot be read")
	}
	proxy.Restore()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(r.body, "sitecard_database_up 1") && time.Now().Before(deadline) {
		r = scrape()
	}
	mustContain(t, "metrics, database back", r.body, "sitecard_database_up 1", `sitecard_outbox_messages{state="sent"}`)
}
