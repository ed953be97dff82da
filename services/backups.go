package services

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/backup"
	"sitecard/models"
)

// BackupJob is the job_runs row that remembers the last backup.
const BackupJob = "backup"

// Backups writes backups of the whole site (the dashboard's download; the command line
// has its own) and remembers when the last one was made.
type Backups struct {
	db     *bun.DB
	secret []byte
	schema func(context.Context) (string, error)
	now    func() time.Time
}

// NewBackups returns the backup service. schema reports the newest migration applied.
func NewBackups(db *bun.DB, secret []byte, schema func(context.Context) (string, error)) *Backups {
	return &Backups{db: db, secret: secret, schema: schema, now: time.Now}
}

// ErrNoSchema means the database has no sitecard schema to back up.
var ErrNoSchema = errors.New("backup: the database has no sitecard schema yet: nothing to back up")

// Write writes a backup of the site to w (with sessions, counters and the chat index only
// when groups name them), telling progress (if set) as it goes, and records the time.
func (b *Backups) Write(ctx context.Context, w io.Writer, groups map[string]bool, progress func(string, int64, int64)) (*backup.Manifest, error) {
	v, err := b.schema(ctx)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return nil, ErrNoSchema
	}
	man, err := backup.Write(ctx, b.db, w, backup.Options{Groups: groups, Secret: b.secret, Purpose: TokensPurpose, Schema: v,
		Now: b.now, Progress: progress})
	if err != nil {
		return nil, err
	}
	now := b.now().UTC()
	return man, models.SaveJobRun(ctx, b.db, &models.JobRun{Name: BackupJob, Schedule: "manual", LastRunAt: &now, LastResult: "ok"})
}

// Last is when the last backup was made, nil if never.
func (b *Backups) Last(ctx context.Context) (*time.Time, error) {
	r, err := models.JobRunByName(ctx, b.db, BackupJob)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r.LastRunAt, nil
}
