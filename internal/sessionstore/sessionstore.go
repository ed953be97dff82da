// Package sessionstore implements fiber.Storage over the project's bun database, so that
// sessions survive restarts and are shared by every instance on one database.
// (The gofiber/storage modules are not available here, and this is five methods.)
package sessionstore

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"sitecard/models"
)

// Store keeps fiber sessions in the sessions table.
type Store struct {
	db  bun.IDB
	now func() time.Time
}

// New returns a Store on db.
func New(db bun.IDB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// fiber.Storage carries no context; each call gets a bounded one so a stuck database
// cannot hang a request for long.
func ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 3*time.Second)
}

// Get returns the value for key, or nil when there is none (fiber's contract).
func (s *Store) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	c, cancel := ctx()
	defer cancel()
	v, err := models.GetSession(c, s.db, key, s.now())
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// Set stores val under key for exp (0: no expiry).
func (s *Store) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	var e int64
	if exp > 0 {
		e = s.now().Add(exp).Unix()
	}
	c, cancel := ctx()
	defer cancel()
	return models.PutSession(c, s.db, key, val, e)
}

// Delete removes key.
func (s *Store) Delete(key string) error {
	if key == "" {
		return nil
	}
	c, cancel := ctx()
	defer cancel()
	return models.DeleteSession(c, s.db, key)
}

// Reset removes every session.
func (s *Store) Reset() error {
	c, cancel := ctx()
	defer cancel()
	return models.DeleteAllSessions(c, s.db)
}

// Close does nothing: the database belongs to the server.
func (s *Store) Close() error { return nil }

// Sweep deletes expired sessions; the scheduler runs it.
func (s *Store) Sweep(ctx context.Context) (int64, error) {
	return models.DeleteExpiredSessions(ctx, s.db, s.now())
}
