package services

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/backup"
	"sitecard/internal/database"
	"sitecard/internal/pdftext"
	"sitecard/models"
)

// BackupJob is the job_runs row that remembers the last backup.
const BackupJob = "backup"

// BackupMaxLine is the longest row a backup of this site holds, in bytes, and so the
// longest line a restore reads: an upload, the largest file the site takes (a résumé) as
// base64, its text as the PDF reader keeps it with every character escaped (JSON writes
// "<" as six bytes), and room for the row's other columns. Every other table's rows are
// bounded by its columns' limits, far below it. A restore refuses a longer line, naming
// its table, before holding more than this of it; a backup refuses to write one.
func BackupMaxLine() int {
	return base64.StdEncoding.EncodedLen(MaxResumeBytes) + 6*pdftext.DefaultLimits().MaxText + 64<<10
}

// ErrBackupBusy is a backup asked for while another is written: one at a time, each
// holding a snapshot of the whole site.
var ErrBackupBusy = fail(TooMany, "backup.busy", "a backup is being written; try again when it ends")

// Backups writes backups of the whole site (the dashboard's download; the command line
// has its own) and remembers when the last one was made. One is written at a time, from a
// snapshot read on a pool of its own: a download that a slow link holds for long takes no
// connection the site's visitors need.
type Backups struct {
	db       *bun.DB // the site's pool: the last backup's time
	snapshot *bun.DB
	secret   []byte
	schema   func(context.Context) (string, error)
	now      func() time.Time
	slot     chan struct{}
}

// NewBackups returns the backup service. snapshot is the pool the snapshot is read from
// (database.OpenSnapshot; the command line, which serves no visitors, passes db); schema
// reports the newest migration applied.
func NewBackups(db, snapshot *bun.DB, secret []byte, schema func(context.Context) (string, error)) *Backups {
	return &Backups{db: db, snapshot: snapshot, secret: secret, schema: schema, now: time.Now, slot: make(chan struct{}, 1)}
}

// ErrNoSchema means the database has no sitecard schema to back up.
var ErrNoSchema = fail(Conflict, "", "backup: the database has no sitecard schema yet: nothing to back up")

// Backup is the site's one backup in progress, reserved by Start.
type Backup struct {
	b      *Backups
	unlock func()
	done   bool
}

// backupLock is the name of the lock that makes one backup at a time across the
// instances that share a MariaDB.
const backupLock = "sitecard/backup"

// Start reserves the backup the site writes at a time, or answers ErrBackupBusy: a
// download reserves it before it answers, so that a second one is told at once. On
// MariaDB the reservation is also a lock on the server, held on the snapshot's pool, so
// that instances behind one load balancer write one backup at a time between them. The
// caller writes with Write, then Closes.
func (b *Backups) Start(ctx context.Context) (*Backup, error) {
	select {
	case b.slot <- struct{}{}:
	default:
		return nil, ErrBackupBusy
	}
	unlock, err := database.Lock(ctx, b.snapshot, backupLock, 0)
	if err != nil {
		<-b.slot
		if errors.Is(err, database.ErrLockHeld) {
			return nil, ErrBackupBusy
		}
		return nil, err
	}
	return &Backup{b: b, unlock: unlock}, nil
}

// Close lets the next backup start. It may be called more than once.
func (x *Backup) Close() {
	if !x.done {
		x.done = true
		x.unlock()
		<-x.b.slot
	}
}

// Write writes a backup of the site to w (with sessions, counters and the chat index only
// when groups name them), telling progress (if set) as it goes, and records the time.
func (x *Backup) Write(ctx context.Context, w io.Writer, groups map[string]bool, progress func(string, int64, int64)) (*backup.Manifest, error) {
	b := x.b
	v, err := b.schema(ctx)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return nil, ErrNoSchema
	}
	man, err := backup.Write(ctx, b.snapshot, w, backup.Options{Groups: groups, Secret: b.secret, Purpose: TokensPurpose, Schema: v,
		MaxLine: BackupMaxLine(), Now: b.now, Progress: progress})
	if err != nil {
		return nil, err
	}
	now := b.now().UTC()
	return man, models.SaveJobRun(ctx, b.db, &models.JobRun{Name: BackupJob, Schedule: "manual", LastRunAt: &now, LastResult: "ok"})
}

// Write is Start, Write and Close in one: the command line's backup.
func (b *Backups) Write(ctx context.Context, w io.Writer, groups map[string]bool, progress func(string, int64, int64)) (*backup.Manifest, error) {
	x, err := b.Start(ctx)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	return x.Write(ctx, w, groups, progress)
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
