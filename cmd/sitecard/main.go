// Command sitecard runs the site, or manages its database with "sitecard migrate".
//
// Files:
//   - main.go: the usage and the choice of a command from the arguments.
//   - commands.go: serve (internal/server does the serving), migrate, healthcheck,
//     kakao-fake and mail-fake.
//   - backup.go: backup and restore, with their flags and their progress on a terminal.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"sitecard/internal/config"
	"sitecard/internal/pdftext"
)

const usage = `usage:
  sitecard                      run the site (same as "sitecard serve")
  sitecard migrate up|down|status
  sitecard backup [--with-sessions] [--with-chat-index] [--without-counters] [FILE|-]
                                write the whole site to one file (default DATA_DIR/backups/sitecard-<time>.tar.gz; - is stdout)
  sitecard restore [--replace] [--unauthenticated] FILE|-
                                load a backup into an empty database (SQLite or MariaDB)
  sitecard healthcheck          exit 0 when the local server answers /healthz (for containers)
  sitecard kakao-fake           serve a fake Kakao on KAKAO_FAKE_ADDR (127.0.0.1:8090) for local demos
  sitecard mail-fake            serve a mail relay on MAIL_FAKE_ADDR (127.0.0.1:2525) that prints what the site mails`

func main() {
	// A résumé is read by this binary started again as a sandboxed child (see
	// internal/pdftext): it serves that one PDF and ends, before any configuration.
	if len(os.Args) > 1 && os.Args[1] == pdftext.ChildArg {
		os.Exit(pdftext.ServeChild())
	}
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sitecard:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	load := config.Load
	if len(args) > 0 && args[0] == "restore" {
		// A restore refused for want of the backup's key must leave no key behind.
		load = config.LoadExisting
	}
	cfg, err := load(os.Getenv)
	if err != nil {
		return err
	}
	// The runtime read GOMEMLIMIT itself if it was set; this applies the default too.
	debug.SetMemoryLimit(cfg.MemoryLimit)
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	switch {
	case len(args) == 0 || args[0] == "serve":
		return Run(ctx, cfg, log)
	case args[0] == "migrate" && len(args) == 2:
		return Migrate(ctx, cfg, args[1], os.Stdout)
	case args[0] == "backup":
		return Backup(ctx, cfg, args[1:], os.Stdout, os.Stderr)
	case args[0] == "restore":
		return Restore(ctx, cfg, log, args[1:], os.Stdin, os.Stderr)
	case args[0] == "healthcheck":
		return Healthcheck(cfg)
	case args[0] == "mail-fake":
		return MailFake(ctx, cfg, log, os.Stdout)
	case args[0] == "kakao-fake":
		return KakaoFake(ctx, cfg, log, os.Stdout)
	}
	return fmt.Errorf("unknown command %q\n%s", args, usage)
}
