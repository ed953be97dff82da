// Command sitecard runs the site, or manages its database with "sitecard migrate".
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"sitecard/config"
	"sitecard/database"
	"sitecard/kakaofake"
	"sitecard/migrations"
	"sitecard/server"
)

const usage = `usage:
  sitecard                      run the site (same as "sitecard serve")
  sitecard migrate up|down|status
  sitecard healthcheck          exit 0 when the local server answers /healthz (for containers)
  sitecard kakao-fake           serve a fake Kakao on KAKAO_FAKE_ADDR (127.0.0.1:8090) for local demos`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sitecard:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch {
	case len(args) == 0 || args[0] == "serve":
		return serve(ctx, cfg, log)
	case args[0] == "migrate" && len(args) == 2:
		return migrate(ctx, cfg, args[1])
	case args[0] == "healthcheck":
		return healthcheck(cfg)
	case args[0] == "kakao-fake":
		return kakaoFake(ctx, cfg, log)
	default:
		return fmt.Errorf("unknown command %q\n%s", args, usage)
	}
}

func serve(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	if cfg.SecretGenerated {
		log.Warn("SECRET_KEY is not set: using a key generated into the data folder; set SECRET_KEY when running more than one instance",
			"file", cfg.DataDir+"/secret_key")
	}
	srv, err := server.Build(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("ADDR: cannot listen on %s: %w", cfg.Addr, err)
	}
	return srv.Serve(ctx, ln, 20*time.Second)
}

// kakaoFake serves the fake Kakao on loopback, registered for this site's redirect URI,
// so the whole KakaoTalk flow can be tried without a Kakao app.
func kakaoFake(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	addr := os.Getenv("KAKAO_FAKE_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8090"
	}
	key := cfg.Kakao.RestAPIKey
	if key == "" {
		key = "sitecard-demo"
	}
	fake := kakaofake.New(key, cfg.Kakao.ClientSecret, cfg.Kakao.RedirectURI)
	srv := &http.Server{Addr: addr, Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Shutdown(context.Background()) //nolint:errcheck
	}()
	log.Info("fake Kakao listening", "addr", addr, "redirect_uri", cfg.Kakao.RedirectURI)
	fmt.Printf("Run the site with:\n  KAKAO_REST_API_KEY=%s KAKAO_AUTH_URL=http://%s KAKAO_API_URL=http://%s go run ./cmd/sitecard\n", key, addr, addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("KAKAO_FAKE_ADDR: %w", err)
	}
	return nil
}

// healthcheck probes the running server from inside its container, which has no curl.
func healthcheck(cfg *config.Config) error {
	_, port, _ := net.SplitHostPort(cfg.Addr)
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /healthz answered %d", resp.StatusCode)
	}
	return nil
}

func migrate(ctx context.Context, cfg *config.Config, action string) error {
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	defer db.Close()
	m, err := migrations.New(db, cfg.MigrationLockFile())
	if err != nil {
		return err
	}
	switch action {
	case "up":
		n, err := m.Up(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("applied %d migration(s)\n", n)
	case "down":
		n, err := m.Down(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("rolled back %d migration(s)\n", n)
	case "status":
		st, err := m.Status(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied " + s.AppliedAt.UTC().Format(time.RFC3339)
			}
			fmt.Printf("%-40s %s\n", s.Name+"_"+s.Comment, state)
		}
	default:
		return fmt.Errorf("migrate: unknown action %q (use up, down or status)", action)
	}
	return nil
}
