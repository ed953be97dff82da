package messages

import (
	"sitecard/internal/validate"
	"sitecard/services"
)

// The small helpers of package services that are not exported, as this package needs
// them.

// owns reports whether the actor may change something owned by memberID.
func owns(a services.Actor, memberID *int64) bool {
	return a.Admin || (memberID != nil && *memberID == a.ID)
}

// scope is the member whose things a listing shows: the actor's own, or everyone's (0)
// for an admin.
func scope(a services.Actor) int64 {
	if a.Admin {
		return 0
	}
	return a.ID
}

// countLimit is where the inbox's counts stop, as the dashboard's do.
const countLimit = 10_000

func capped(n int) services.Count {
	return services.Count{N: min(n, countLimit), More: n > countLimit}
}

// invalid returns a ValidationError when errs is not empty.
func invalid(errs validate.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	return &services.ValidationError{Errors: errs}
}

// fieldError is a ValidationError for one field; n fills in the message's number.
func fieldError(field, code string, n ...int) error {
	e := validate.Error{Code: code}
	if len(n) > 0 {
		e.N = n[0]
	}
	return &services.ValidationError{Errors: validate.Errors{field: e}}
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
