//go:build unix

package migrations

import (
	"context"
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on path, waiting for another process to let go.
func lockFile(ctx context.Context, path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }()
	select {
	case err := <-done:
		if err != nil {
			f.Close()
			return nil, err
		}
	case <-ctx.Done():
		f.Close() // the pending Flock fails once the file is closed
		return nil, ctx.Err()
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN) //nolint:errcheck
		f.Close()
	}, nil
}
