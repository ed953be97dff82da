package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"sitecard/internal/backup"
	"sitecard/internal/config"
	"sitecard/services"
)

// Backup runs "sitecard backup [flags] [FILE]": the whole site in one file (FILE "-" is
// stdout; none makes DATA_DIR/backups/sitecard-<time>.tar.gz, beside the database and out
// of the working directory, which in a clone is the repository). It reads a snapshot, so
// the site may keep serving meanwhile.
func Backup(ctx context.Context, cfg *config.Config, args []string, stdout io.Writer, stderr *os.File) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	withSessions := fs.Bool("with-sessions", false, "include sign-in sessions (members stay signed in after a restore)")
	withChat := fs.Bool("with-chat-index", false, "include the chatbot's index (otherwise it is rebuilt)")
	noCounters := fs.Bool("without-counters", false, "leave out page views and link clicks")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return errors.New("backup: one FILE at most (\"-\" for stdout)")
	}
	name := fs.Arg(0)
	if name == "" {
		// It holds password hashes and sealed tokens: readable by its owner only.
		dir := filepath.Join(cfg.DataDir, "backups")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		name = filepath.Join(dir, backup.FileName(time.Now()))
	}
	db, m, err := openSchema(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	groups := map[string]bool{"sessions": *withSessions, "chat": *withChat, "counters": !*noCounters}
	var w io.Writer = stdout
	var f *os.File
	if name != "-" {
		// Written beside its final name, then renamed: a file with the name is whole.
		if f, err = os.CreateTemp(filepath.Dir(name), ".sitecard-backup-*"); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		defer os.Remove(f.Name())
		w = f
	}
	start := time.Now()
	man, err := services.NewBackups(db, db, cfg.SecretKey, m.Applied).Write(ctx, w, groups, progress(stderr, "backup"))
	if err == nil && f != nil {
		if err = f.Close(); err == nil {
			err = os.Rename(f.Name(), name)
		}
	}
	if err != nil {
		return err
	}
	rows, bytes := totals(man)
	fmt.Fprintf(stderr, "\rbackup: %d tables, %d rows, %.1f MB of data in %s → %s\n", len(man.Tables), rows, float64(bytes)/1e6,
		time.Since(start).Round(time.Millisecond), name)
	return nil
}

// Restore runs "sitecard restore [--replace] [--unauthenticated] FILE" (FILE "-" is
// stdin). A file of format version 1, which has no MAC, restores only with
// --unauthenticated, and it says so on stderr and in the log.
func Restore(ctx context.Context, cfg *config.Config, log *slog.Logger, args []string, stdin io.Reader, stderr *os.File) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	replace := fs.Bool("replace", false, "overwrite a database that already holds a site")
	unauthenticated := fs.Bool("unauthenticated", false, "restore a file of format version 1, which has no MAC, that never left your hands")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("restore: name the FILE to restore (\"-\" for stdin)")
	}
	name := fs.Arg(0)
	if name == "-" {
		// The file is read more than once (checked whole before anything is written):
		// stdin goes to a temporary file first.
		tmp, err := os.CreateTemp("", "sitecard-restore-*")
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer os.Remove(tmp.Name())
		if _, err := io.Copy(tmp, stdin); err != nil {
			tmp.Close()
			return fmt.Errorf("restore: read stdin: %w", err)
		}
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		name = tmp.Name()
	}
	if _, err := os.Stat(name); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db, m, err := openSchema(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	man, err := backup.Restore(ctx, db, m, func() (io.ReadCloser, error) { return os.Open(name) },
		backup.RestoreOptions{Replace: *replace, Unauthenticated: *unauthenticated, Secret: cfg.SecretKey, Purpose: services.TokensPurpose, MaxLine: services.BackupMaxLine(),
			Progress: progress(stderr, "restore"), Warn: func(msg string) {
				fmt.Fprintf(stderr, "\r%s\n", msg)
				log.Warn("restore: unauthenticated backup", "file", name, "reason", msg)
			}})
	if err != nil {
		return err
	}
	rows, _ := totals(man)
	fmt.Fprintf(stderr, "\rrestore: %d tables, %d rows in %s into %s\n", len(man.Tables), rows, time.Since(start).Round(time.Millisecond), cfg.Dialect)
	return nil
}

func totals(man *backup.Manifest) (rows, bytes int64) {
	for _, t := range man.Tables {
		rows += t.Rows
		bytes += t.Bytes
	}
	return rows, bytes
}

// progress shows each table's count on one line of a terminal, rewritten as it grows;
// to a file or a pipe it says nothing until the summary.
func progress(out *os.File, verb string) func(string, int64, int64) {
	if st, err := out.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(table string, rows, bytes int64) {
		if bytes > 0 {
			fmt.Fprintf(out, "\r\033[K%s: %-18s %10d rows %9.1f MB", verb, table, rows, float64(bytes)/1e6)
		} else {
			fmt.Fprintf(out, "\r\033[K%s: %-18s %10d rows", verb, table, rows)
		}
	}
}
