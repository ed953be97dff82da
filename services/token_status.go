package services

import (
	"context"
	"time"

	"sitecard/models"
)

// TokenStatus is one member's connection, for the dashboard.
type TokenStatus struct {
	MemberID         int64
	Login            string
	State            string
	AccessExpiresAt  *time.Time
	RefreshExpiresAt *time.Time
	LastRefreshAt    *time.Time
	LastError        string        // the text, for the JSON status and the log
	Reason           models.Reason // what the panel translates
}

// Count counts every member's connection by state, for the metrics.
func (s *Tokens) Count(ctx context.Context) (map[string]int, error) {
	sts, err := s.Status(ctx, Actor{Admin: true})
	if err != nil {
		return nil, err
	}
	out := map[string]int{TokenHealthy: 0, TokenExpiring: 0, TokenNeedsReconnect: 0, TokenDisconnected: 0}
	for _, st := range sts {
		out[st.State]++
	}
	return out, nil
}

// Status lists the connection of every member an actor may see.
func (s *Tokens) Status(ctx context.Context, actor Actor) ([]TokenStatus, error) {
	members, err := models.MembersByID(ctx, s.db, actor.scope())
	if err != nil {
		return nil, err
	}
	tokens, err := models.Tokens(ctx, s.db)
	if err != nil {
		return nil, err
	}
	byMember := map[int64]models.Token{}
	for _, t := range tokens {
		byMember[t.MemberID] = t
	}
	now := s.now()
	out := make([]TokenStatus, 0, len(members))
	for _, m := range members {
		st := TokenStatus{MemberID: m.ID, Login: m.Login, State: TokenDisconnected}
		if t, ok := byMember[m.ID]; ok {
			ae, re := t.AccessExpiresAt, t.RefreshExpiresAt
			st.AccessExpiresAt, st.RefreshExpiresAt, st.LastRefreshAt, st.LastError, st.Reason = &ae, &re, t.LastRefreshAt, t.LastError, t.Reason
			switch {
			case !s.client.Configured():
				// The tokens are stored but nothing can use them: one truth with the
				// panel's "no key", never "healthy".
				st.State, st.Reason = TokenDisconnected, models.ReasonNotConfigured
			case t.State == TokenNeedsReconnect:
				st.State = TokenNeedsReconnect
			case re.Sub(now) < RotationWindow || now.After(ae):
				st.State = TokenExpiring
			default:
				st.State = TokenHealthy
			}
		}
		out = append(out, st)
	}
	return out, nil
}
