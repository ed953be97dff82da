//go:build !unix

package migrations

import "context"

// lockFile is a no-op where flock does not exist: one process per SQLite file there.
func lockFile(context.Context, string) (func(), error) { return func() {}, nil }
