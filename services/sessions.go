package services

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"sitecard/internal/useragent"
	"sitecard/models"
)

// SeenEvery is how often a session's "last seen" is written: once a minute at most, not
// on every request, so that a busy dashboard costs one write a minute per session.
const SeenEvery = time.Minute

// Signins keeps the sessions members are signed in with: which member a session is,
// from which device and address, when it was last seen, and ending them. The session
// rows are in the database, so an ended session is refused on every instance at once.
type Signins struct {
	db  bun.IDB
	now func() time.Time
}

// NewSignins returns the session service, reading time from now (nil: the wall clock).
func NewSignins(db bun.IDB, now func() time.Time) *Signins { return &Signins{db: db, now: orNow(now)} }

// Start makes the stored session key a session of the member, from userAgent and ip.
func (s *Signins) Start(ctx context.Context, key string, memberID int64, userAgent, ip string) error {
	ref := make([]byte, 16)
	rand.Read(ref) //nolint:errcheck // crypto/rand does not fail
	return models.ClaimSession(ctx, s.db, key, memberID, hex.EncodeToString(ref), truncate(userAgent, 255), truncate(ip, 45), s.now())
}

// Live reports whether the session key is a live session of the member, and notes that
// it was seen (at most once per SeenEvery).
func (s *Signins) Live(ctx context.Context, key string, memberID int64) (bool, error) {
	now := s.now()
	rec, err := models.SessionByKey(ctx, s.db, key)
	if errors.Is(err, models.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if rec.MemberID == nil || *rec.MemberID != memberID {
		return false, nil
	}
	if now.Unix()-rec.SeenAt >= int64(SeenEvery/time.Second) {
		if err := models.TouchSession(ctx, s.db, key, now, now.Add(-SeenEvery)); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Session is one of a member's sessions as the account page lists it.
type Session struct {
	Ref               string
	Device            useragent.Device
	ClientIP          string
	StartedAt, SeenAt time.Time
	// Current is the session the list is shown to.
	Current bool
}

// List returns the member's live sessions, most recently seen first; current is the
// key of the session asking.
func (s *Signins) List(ctx context.Context, memberID int64, current string) ([]Session, error) {
	recs, err := models.SessionsOf(ctx, s.db, memberID, s.now())
	if err != nil {
		return nil, err
	}
	out := make([]Session, 0, len(recs))
	for _, r := range recs {
		out = append(out, Session{Ref: r.Ref, Device: useragent.Parse(r.UserAgent), ClientIP: r.ClientIP,
			StartedAt: time.Unix(r.StartedAt, 0).UTC(), SeenAt: time.Unix(r.SeenAt, 0).UTC(), Current: r.Key == current})
	}
	return out, nil
}

// End signs out one of the member's sessions, named by its reference; another
// member's reference is not found.
func (s *Signins) End(ctx context.Context, memberID int64, ref string) error {
	if ref == "" || len(ref) > 32 {
		return models.ErrNotFound
	}
	ok, err := models.EndSessionByRef(ctx, s.db, memberID, ref)
	if err == nil && !ok {
		err = models.ErrNotFound
	}
	return err
}

// EndOthers signs out every session of the member but keep and says how many ended.
func (s *Signins) EndOthers(ctx context.Context, memberID int64, keep string) (int64, error) {
	return models.EndSessionsExcept(ctx, s.db, memberID, keep)
}
