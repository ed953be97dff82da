package handlers

import (
	"bufio"
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/backup"
	"sitecard/services"
)

// backupDownload streams a backup to an admin's browser as it is written: a site of any
// size costs the server a buffer, not the file.
type backupDownload struct {
	*site
	backups *services.Backups
}

// backupTimeout bounds one download; a large site takes about a second per 100 MB.
const backupTimeout = 30 * time.Minute

func (h *backupDownload) download(c *fiber.Ctx) error {
	name := backup.FileName(time.Now())
	h.record(c, services.AuditEntry{Action: services.AuditBackup, Detail: name})
	c.Set(fiber.HeaderContentType, "application/gzip")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	log := h.log
	conn := c.Context().Conn()
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		// The server gives a response 30 s to be written; a large site's file takes longer
		// on a slow link.
		if err := conn.SetWriteDeadline(time.Now().Add(backupTimeout)); err != nil {
			log.Warn("backup download: write deadline", "err", err)
		}
		// The request's context ends with the handler; the stream outlives it.
		ctx, cancel := context.WithTimeout(context.Background(), backupTimeout)
		defer cancel()
		if _, err := h.backups.Write(ctx, w, map[string]bool{"counters": true}, nil); err != nil {
			// The status is sent: a broken download is all the browser can be told.
			log.Error("backup download", "err", err)
		}
		if err := w.Flush(); err != nil {
			log.Warn("backup download", "err", err)
		}
	})
	return nil
}
