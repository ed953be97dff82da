package services

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"sitecard/models"
)

// AuditKeep is how long the audit trail is kept; the audit-sweep job drops the rest.
const AuditKeep = 90 * 24 * time.Hour

// Audit actions. The admin page names each in both languages ("audit.<action>").
const (
	AuditSignIn         = "signin"          // with a password (detail: "password", "code", "recovery", "passkey")
	AuditPassword       = "password.change" // a member changed their password
	AuditPasswordReset  = "password.reset"  // by an emailed link
	AuditSessionsEnded  = "sessions.end"    // a member signed sessions out
	AuditRole           = "member.role"     // detail: the new role
	AuditDisabled       = "member.disable"
	AuditEnabled        = "member.enable"
	AuditMemberCreated  = "member.create"
	AuditMemberDeleted  = "member.delete"
	AuditTOTPOn         = "totp.on"
	AuditTOTPOff        = "totp.off"   // by the member
	AuditTOTPCleared    = "totp.clear" // by an admin
	AuditPasskeyAdded   = "passkey.add"
	AuditPasskeyRemoved = "passkey.remove"
	AuditChannel        = "channel"  // detail: what changed
	AuditBackup         = "backup"   // a backup was downloaded
	AuditSSOLinked      = "sso.link" // a member linked their single sign-on account
)

// AuditEntry is what happened, as the handlers tell it.
type AuditEntry struct {
	Action string
	// Actor did it (0: nobody signed in, such as a reset link); Subject is whom it was
	// done to, when not the actor.
	Actor, Subject   int64
	Detail, ClientIP string
}

// Audit keeps the trail of sign-ins and of changes to members, second factors,
// channels and backups, for admins.
type Audit struct {
	db  bun.IDB
	now func() time.Time
}

// NewAudit returns the audit service, reading time from now (nil: the wall clock).
func NewAudit(db bun.IDB, now func() time.Time) *Audit { return &Audit{db: db, now: orNow(now)} }

// Record appends an entry, with the logins of its members as they are now.
func (a *Audit) Record(ctx context.Context, e AuditEntry) error {
	ev := &models.AuditEvent{At: a.now().UTC(), Action: e.Action, Detail: truncate(e.Detail, 255), ClientIP: truncate(e.ClientIP, 45)}
	for _, p := range []struct {
		id    int64
		ref   **int64
		login *string
	}{{e.Actor, &ev.ActorID, &ev.ActorLogin}, {e.Subject, &ev.SubjectID, &ev.SubjectLogin}} {
		if p.id == 0 {
			continue
		}
		id := p.id
		*p.ref = &id
		if m, err := models.MemberByID(ctx, a.db, id); err == nil {
			*p.login = m.Login
		}
	}
	return models.InsertAuditEvent(ctx, a.db, ev)
}

// AuditPage is one page of the trail.
type AuditPage struct {
	Paging
	Events []models.AuditEvent
}

// auditCountLimit is where the trail's count stops: pages past it are not numbered.
const auditCountLimit = 10_000

// List returns a page of the trail, newest first; only admins may.
func (a *Audit) List(ctx context.Context, actor Actor, page, perPage int) (*AuditPage, error) {
	if !actor.Admin {
		return nil, ErrForbidden
	}
	total, err := models.CountAuditEvents(ctx, a.db, auditCountLimit)
	if err != nil {
		return nil, err
	}
	p := newPaging(total, page, perPage, "")
	evs, err := models.AuditEvents(ctx, a.db, p.Offset(), perPage)
	if err != nil {
		return nil, err
	}
	return &AuditPage{Paging: p, Events: evs}, nil
}

// Sweep drops what is older than AuditKeep, and the reset links that expired a day ago.
func (a *Audit) Sweep(ctx context.Context) (int64, error) {
	now := a.now()
	if err := models.DeleteOldPasswordResets(ctx, a.db, now.Add(-24*time.Hour)); err != nil {
		return 0, err
	}
	return models.DeleteAuditEventsBefore(ctx, a.db, now.Add(-AuditKeep))
}
