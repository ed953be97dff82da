package services

// Actor is who asks: members act on their own things, admins on everything.
type Actor struct {
	ID    int64
	Admin bool
}

// owns reports whether the actor may change something owned by memberID.
func (a Actor) owns(memberID *int64) bool {
	return a.Admin || (memberID != nil && *memberID == a.ID)
}

// scope is the member whose things a listing shows: the actor's own, or everyone's (0)
// for an admin.
func (a Actor) scope() int64 {
	if a.Admin {
		return 0
	}
	return a.ID
}
