package handlers

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/backup"
	"sitecard/services"
)

// backupDownload streams a backup to an admin's browser as it is written: a site of any
// size costs the server a buffer, not the file. One is written at a time (another is
// answered 429 at once), from a pool of its own, and a download whose reader stops
// reading for idle is ended: a stalled browser holds neither the site's connections nor
// its snapshot for long.
type backupDownload struct {
	*site
	backups Backups
	idle    time.Duration
}

// DefaultBackupIdle is how long a download may go without its reader taking a byte.
const DefaultBackupIdle = time.Minute

// backupTimeout bounds one download; a large site takes about a second per 100 MB.
const backupTimeout = 30 * time.Minute

func (h *backupDownload) download(c *fiber.Ctx) error {
	job, err := h.backups.Start(c.UserContext())
	if errors.Is(err, services.ErrBackupBusy) { // a 429 with its reason (classify); and when to come back
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(h.idle.Seconds())+1))
	}
	if err != nil {
		return err
	}
	name := backup.FileName(time.Now())
	h.record(c, services.AuditEntry{Action: services.AuditBackup, Detail: name})
	c.Set(fiber.HeaderContentType, "application/gzip")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	log := h.log
	out := &idleWriter{conn: c.Context().Conn(), idle: h.idle}
	// The stream is written after the handler returns, by fasthttp's goroutine: it owns
	// the reservation from here.
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer job.Close()
		start := time.Now()
		out.w = w
		// The request's context ends with the handler; the stream outlives it.
		ctx, cancel := context.WithTimeout(context.Background(), backupTimeout)
		defer cancel()
		_, err := job.Write(ctx, out, map[string]bool{"counters": true}, nil)
		if err == nil {
			err = w.Flush()
		}
		if err != nil {
			// The status is sent: a broken download is all the browser can be told.
			log.Warn("backup download ended", "bytes", out.n, "duration", time.Since(start), "err", err)
			return
		}
		log.Info("backup download", "bytes", out.n, "duration", time.Since(start))
	})
	return nil
}

// idleWriter writes a download, moving the connection's write deadline on as the reader
// takes bytes: a reader that stops for idle makes the next write to the socket fail, which
// ends the stream and releases its snapshot. (fasthttp's own WriteTimeout, 30 s for the
// whole response, would end any large download on a slow link.)
type idleWriter struct {
	w     io.Writer
	conn  net.Conn
	idle  time.Duration
	moved time.Time
	n     int64
}

func (d *idleWriter) Write(p []byte) (int, error) {
	// Moved at most four times an idle period: a deadline costs a system call, and writes
	// come a few kilobytes at a time.
	if now := time.Now(); now.Sub(d.moved) > d.idle/4 {
		if err := d.conn.SetWriteDeadline(now.Add(d.idle)); err != nil {
			return 0, err
		}
		d.moved = now
	}
	n, err := d.w.Write(p)
	d.n += int64(n)
	return n, err
}
