package server

import (
	"context"
	"time"

	"sitecard/services/messages"
)

// refreshStatus is the refresh job as the KakaoTalk panel reads it: its last run, and
// its next as the scheduler has it.
type refreshStatus struct {
	job  *messages.RefreshJob
	next func() *time.Time
}

func (r refreshStatus) Status(ctx context.Context) (*messages.JobStatus, error) {
	return r.job.Status(ctx, r.next())
}
