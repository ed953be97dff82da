// Package metrics is sitecard's Prometheus instrumentation: request durations by route,
// deliveries, the outbox and the Kakao connections, job runs, chat answers, the database
// pool and the Go runtime, in one registry per server.
package metrics

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Gauges reads, at scrape time, what is counted in the database: messages by outbox
// state and Kakao connections by state.
type Gauges func(ctx context.Context) (outbox, tokens map[string]int, err error)

// Unmatched is the Locals key the catch-all handler sets, so that the requests no route
// matched are one series rather than counted as "/".
const Unmatched = "metrics.unmatched"

// Counters are what the services count as they work: deliveries, job runs, chat
// answers. They are made before the services that count into them, and the Metrics
// that serve them last, over the built services: no service needs the Metrics, and the
// Metrics need no service before it is made. A nil *Counters counts nothing (metrics off).
type Counters struct {
	deliveries *prometheus.CounterVec
	jobs       *prometheus.CounterVec
	answers    *prometheus.CounterVec
}

// NewCounters returns the counters, at zero.
func NewCounters() *Counters {
	return &Counters{
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitecard_deliveries_total", Help: "Delivery attempts of visitors' messages, by channel (kakao, email, webhook) and outcome.",
		}, []string{"channel", "outcome"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitecard_job_runs_total", Help: "Runs of scheduled jobs on this instance, by job and result.",
		}, []string{"job", "result"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sitecard_chat_answers_total", Help: "Chatbot answers, by kind (model, quoted, fallback).",
		}, []string{"kind"}),
	}
}

// Metrics holds the collectors.
type Metrics struct {
	*Counters
	Registry *prometheus.Registry
	requests *prometheus.HistogramVec
}

// Deps is what the metrics report on.
type Deps struct {
	// DB is the pool to report on.
	DB *sql.DB
	// Counters are the services' counts (nil: new ones, which nothing counts into).
	Counters *Counters
	// Gauges reads the outbox and the connections when scraped.
	Gauges Gauges
	// Caches reports each in-memory cache's entries and bytes by name, read when scraped.
	Caches map[string]func() (entries int, bytes int64)
}

// New registers every collector on a new registry.
func New(d Deps) *Metrics {
	if d.Counters == nil {
		d.Counters = NewCounters()
	}
	m := &Metrics{
		Counters: d.Counters,
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "sitecard_http_request_duration_seconds", Help: "Time to answer a request, by route pattern and status.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method", "status"}),
	}
	m.Registry.MustRegister(m.requests, m.deliveries, m.jobs, m.answers,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(d.DB, "sitecard"), &stateCollector{read: d.Gauges,
			outbox: prometheus.NewDesc("sitecard_outbox_messages", "Messages in the outbox, by state.", []string{"state"}, nil),
			tokens: prometheus.NewDesc("sitecard_kakao_connections", "Members' KakaoTalk connections, by state.", []string{"state"}, nil),
			up:     prometheus.NewDesc("sitecard_database_up", "Whether the last scrape could read the database (1) or not (0).", nil, nil),
		})
	for name, size := range d.Caches {
		m.cache(name, size)
	}
	return m
}

// Middleware times every request by the route that answered it (its pattern, so that
// /c/alice and /c/bob are one series).
func (m *Metrics) Middleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				c.Status(fiber.StatusInternalServerError)
			}
		}
		route := c.Route().Path
		if c.Locals(Unmatched) != nil {
			route = "(unmatched)" // the catch-all 404, not a route of its own
		}
		m.requests.WithLabelValues(route, methodLabel(c.Method()), strconv.Itoa(c.Response().StatusCode())).Observe(time.Since(start).Seconds())
		return nil
	}
}

// cache reports an in-memory cache's entries and bytes, read when scraped.
func (m *Metrics) cache(name string, size func() (entries int, bytes int64)) {
	labels := prometheus.Labels{"cache": name}
	m.Registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "sitecard_cache_entries", Help: "Entries held by an in-memory cache.", ConstLabels: labels},
			func() float64 { n, _ := size(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "sitecard_cache_bytes", Help: "Bytes held by an in-memory cache (estimated for the chat's indexes).", ConstLabels: labels},
			func() float64 { _, b := size(); return float64(b) }))
}

// Delivered counts one delivery attempt's outcome.
func (c *Counters) Delivered(channel, outcome string) {
	if c != nil {
		c.deliveries.WithLabelValues(channel, outcome).Inc()
	}
}

// JobRan counts one run of a scheduled job.
func (c *Counters) JobRan(job string, err error) {
	if c == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	c.jobs.WithLabelValues(job, result).Inc()
}

// Answered counts one chatbot answer.
func (c *Counters) Answered(kind string) {
	if c != nil {
		c.answers.WithLabelValues(kind).Inc()
	}
}

// Handler serves the registry in Prometheus's text format. A collector that fails (the
// database is down) does not take the others with it: the process and runtime metrics are
// what an operator needs most in that moment.
func (m *Metrics) Handler() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
}

// stateCollector reads the outbox and the connections when scraped.
type stateCollector struct {
	read               Gauges
	outbox, tokens, up *prometheus.Desc
}

func (s *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- s.outbox
	ch <- s.tokens
	ch <- s.up
}

func (s *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	outbox, tokens, err := s.read(ctx)
	if err != nil {
		// The failure is a series of its own, so that an alert can fire on it; the state
		// gauges are left out rather than reported as zero.
		ch <- prometheus.MustNewConstMetric(s.up, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(s.up, prometheus.GaugeValue, 1)
	for state, n := range outbox {
		ch <- prometheus.MustNewConstMetric(s.outbox, prometheus.GaugeValue, float64(n), state)
	}
	for state, n := range tokens {
		ch <- prometheus.MustNewConstMetric(s.tokens, prometheus.GaugeValue, float64(n), state)
	}
}

// methodLabel is the request's method as one of a few constant strings. Fiber's
// c.Method() points into a buffer the next request reuses, and Prometheus keeps its labels
// for ever: a kept method string turned into "POS" or "HEADTES" and broke /metrics for
// good. A constant is never reused, and bounds the label's values too.
func methodLabel(m string) string {
	for _, known := range []string{fiber.MethodGet, fiber.MethodHead, fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch,
		fiber.MethodDelete, fiber.MethodOptions} {
		if m == known {
			return known
		}
	}
	return "OTHER"
}
