package handlers_test

import (
	"context"
	"strings"
	"testing"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
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
			`sitecard_deliveries_total{outcome="sent"} 1`,
			`sitecard_outbox_messages{state="sent"} 1`, `sitecard_outbox_messages{state="failed"} 0`,
			`sitecard_kakao_connections{state="healthy"} 1`, `sitecard_kakao_connections{state="disconnected"} 2`,
			`sitecard_chat_answers_total{kind="quoted"} 1`,
			`go_sql_max_open_connections{db_name="sitecard"} `, "go_goroutines ", "process_resident_memory_bytes ")
		if strings.Contains(r.body, `route="/c/alice"`) {
			t.Error("requests are labelled by address, not by route pattern")
		}
	})
}
