package server

import (
	"context"
	"errors"
	"net"
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
	go func() { defer close(workerDone); s.Outbox.Run(workerCtx) }()
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

// Close releases the database.
func (s *Server) Close() error { return s.DB.Close() }
