package services

import "time"

// orNow is the clock a service reads: now, or the wall clock when none is given, so
// that only tests (which pass their fake clock) need to name one.
func orNow(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
