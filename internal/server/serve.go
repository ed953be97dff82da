package server

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/gofiber/fiber/v2"
)

// Serve runs the HTTP server on ln and the scheduler until ctx is cancelled, then shuts
// both down: in-flight requests get up to shutdownTimeout to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener, shutdownTimeout time.Duration) error {
	s.Scheduler.Start()
	workerCtx, stopWorker := context.WithCancel(context.WithoutCancel(ctx))
	workerDone, indexerDone := make(chan struct{}), make(chan struct{})
	go func() { defer close(workerDone); s.Messages.Worker.Run(workerCtx) }()
	// The indexer first catches up with cards whose index is missing or stale.
	go func() { defer close(indexerDone); s.Indexer.Run(workerCtx) }()
	errc := make(chan error, 1)
	go func() { errc <- s.App.Listener(ln) }()
	var metricsApp *fiber.App
	if s.Metrics != nil && s.Config.MetricsAddr != "" {
		metricsApp = fiber.New(fiber.Config{DisableStartupMessage: true})
		metricsApp.Get("/metrics", s.Metrics.Handler())
		go func() {
			if err := metricsApp.Listen(s.Config.MetricsAddr); err != nil {
				s.log.Error("metrics listener", "addr", s.Config.MetricsAddr, "err", err)
			}
		}()
	}
	s.log.Info("listening", "addr", ln.Addr().String(), "base_url", s.Config.BaseURL.String(), "database", string(s.Config.Dialect))
	if want := localBaseURL(s.Config.BaseURL, ln.Addr()); want != "" {
		s.log.Warn("BASE_URL names another port of this machine: links, QR codes and KakaoTalk's way back would go there",
			"base_url", s.Config.BaseURL.String(), "listening", ln.Addr().String(), "set", "BASE_URL="+want)
	}

	var serveErr error
	select {
	case <-ctx.Done():
		s.log.Info("shutting down")
	case serveErr = <-errc:
	}
	if err := s.App.ShutdownWithTimeout(shutdownTimeout); err != nil {
		s.log.Warn("http shutdown", "err", err)
	}
	if metricsApp != nil {
		if err := metricsApp.Shutdown(); err != nil {
			s.log.Warn("metrics shutdown", "err", err)
		}
	}
	// The worker finishes the delivery in hand; unsent messages stay in the outbox.
	stopWorker()
	<-workerDone
	<-indexerDone
	if err := s.StopScheduler(); err != nil && !errors.Is(err, gocron.ErrStopSchedulerTimedOut) {
		s.log.Warn("scheduler shutdown", "err", err)
	}
	// The last counted views would be lost otherwise.
	if err := s.Views.Flush(context.WithoutCancel(ctx)); err != nil {
		s.log.Warn("views flush", "err", err)
	}
	return serveErr
}

// StopScheduler stops the scheduler once, however often it is called. gocron's Shutdown
// must not be called twice: a second call made just after the first returned waits for a
// stop that never comes, and times out.
func (s *Server) StopScheduler() error {
	s.stopOnce.Do(func() { s.stopErr = s.Scheduler.Shutdown() })
	return s.stopErr
}

// Close releases the database and the backups' pool.
func (s *Server) Close() error { return errors.Join(s.snapshot.Close(), s.DB.Close()) }

// localBaseURL is the BASE_URL a site on this machine should have when the configured one
// is a loopback address with another port than the one listened on (ADDR=:9000 and the
// default BASE_URL, say); "" when it is fine, or not local.
func localBaseURL(base *url.URL, addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return ""
	}
	switch base.Hostname() {
	case "localhost", "127.0.0.1", "::1":
	default:
		return ""
	}
	port := base.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[base.Scheme]
	}
	if port == strconv.Itoa(tcp.Port) {
		return ""
	}
	u := *base
	u.Host = net.JoinHostPort(base.Hostname(), strconv.Itoa(tcp.Port))
	return u.String()
}
