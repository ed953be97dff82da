package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/database"
	"sitecard/internal/kakao/kakaofake"
	"sitecard/internal/mailer/mailfake"
	"sitecard/internal/server"
	"sitecard/migrations"

	"github.com/uptrace/bun"
)

// The commands of the sitecard binary; run only picks one.

// Run serves the site until ctx ends.
func Run(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
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

// KakaoFake serves the fake Kakao on KAKAO_FAKE_ADDR, registered for this site's
// redirect URI, so the whole KakaoTalk flow can be tried without a Kakao app.
func KakaoFake(ctx context.Context, cfg *config.Config, log *slog.Logger, out io.Writer) error {
	key := cfg.Kakao.RestAPIKey
	if key == "" {
		key = "sitecard-demo"
	}
	addr := cfg.Kakao.FakeAddr
	fake := kakaofake.New(key, cfg.Kakao.ClientSecret, cfg.Kakao.RedirectURI).WithLocalRedirects().WithLogger(log)
	srv := &http.Server{Addr: addr, Handler: fake, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		if err := srv.Shutdown(context.Background()); err != nil {
			log.Warn("fake Kakao shutdown", "err", err)
		}
	}()
	log.Info("fake Kakao listening", "addr", addr, "redirect_uri", cfg.Kakao.RedirectURI, "also", "any redirect URI on localhost, 127.0.0.1 or ::1")
	fmt.Fprintf(out, "Run the site with:\n  KAKAO_REST_API_KEY=%s KAKAO_AUTH_URL=http://%s KAKAO_API_URL=http://%s go run ./cmd/sitecard\n", key, addr, addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("KAKAO_FAKE_ADDR: %w", err)
	}
	return nil
}

// Healthcheck probes the running server from inside its container, which has no curl.
func Healthcheck(cfg *config.Config) error {
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

// Migrate runs "migrate up", "migrate down" or "migrate status" and reports to out.
func Migrate(ctx context.Context, cfg *config.Config, action string, out io.Writer) error {
	db, m, err := openSchema(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	switch action {
	case "up":
		n, err := m.Up(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "applied %d migration(s)\n", n)
	case "down":
		n, err := m.Down(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "rolled back %d migration(s)\n", n)
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
			fmt.Fprintf(out, "%-40s %s\n", s.Name+"_"+s.Comment, state)
		}
	default:
		return fmt.Errorf("migrate: unknown action %q (use up, down or status)", action)
	}
	return nil
}

// openSchema opens the database and its migrator, for the commands that work on the
// schema (migrate, backup, restore). The caller closes the database.
func openSchema(ctx context.Context, cfg *config.Config) (*bun.DB, *migrations.Migrator, error) {
	db, err := database.Open(ctx, cfg.Dialect, cfg.DSN)
	if err != nil {
		return nil, nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	m, err := migrations.New(db, cfg.MigrationLockFile())
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, m, nil
}

// MailFake serves a mail relay on MAIL_FAKE_ADDR that prints each mail the site sends
// instead of delivering it, so that the email channel can be tried without an account at
// a mail provider.
func MailFake(ctx context.Context, cfg *config.Config, log *slog.Logger, out io.Writer) error {
	relay, err := mailfake.New(cfg.SMTP.FakeAddr, false)
	if err != nil {
		return fmt.Errorf("MAIL_FAKE_ADDR: %w", err)
	}
	defer relay.Stop()
	var mu sync.Mutex
	relay.OnMail(func(m mailfake.Mail) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(out, "\n── mail from %s to %s ──\n%s\n", m.From, m.To, readable(m.Data))
	})
	log.Info("fake mail relay listening", "addr", cfg.SMTP.FakeAddr)
	fmt.Fprintf(out, "Run the site with:\n  SMTP_URL='smtp://site:secret@%s?insecure=1' go run ./cmd/sitecard\n", cfg.SMTP.FakeAddr)
	<-ctx.Done()
	return nil
}

// readable is a mail's headers that matter and its plain-text part, decoded.
func readable(raw string) string {
	h, parts, err := mailfake.Parse(raw)
	if h == nil {
		return raw
	}
	var b strings.Builder
	dec := new(mime.WordDecoder)
	for _, name := range []string{"From", "To", "Reply-To", "Subject", "Message-Id"} {
		if v := h.Get(name); v != "" {
			if d, err := dec.DecodeHeader(v); err == nil {
				v = d
			}
			fmt.Fprintf(&b, "%s: %s\n", name, v)
		}
	}
	if text, ok := parts["text/plain"]; ok && err == nil {
		b.WriteString("\n" + text)
	}
	return b.String()
}
