package services

import (
	"errors"

	"sitecard/validate"
)

// Errors the handlers turn into answers.
var (
	ErrForbidden      = errors.New("forbidden")
	ErrBadCredentials = errors.New("wrong login or password")
	ErrThrottled      = errors.New("too many attempts")
	ErrLastAdmin      = errors.New("the last admin cannot be removed, disabled or demoted")
	ErrSetupDone      = errors.New("setup is already done")
)

// ValidationError carries field problems back to the form that caused them.
type ValidationError struct {
	Errors validate.Errors
}

func (e *ValidationError) Error() string { return "invalid input" }

// invalid returns a ValidationError when errs is not empty.
func invalid(errs validate.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: errs}
}

// fieldError is a ValidationError for one field.
func errorsOf(field, code string, n int) validate.Errors {
	return validate.Errors{field: {Code: code, N: n}}
}

func fieldError(field, code string) error {
	return &ValidationError{Errors: validate.Errors{field: {Code: code}}}
}

// Actor is who asks: members act on their own things, admins on everything.
type Actor struct {
	ID    int64
	Admin bool
}

// owns reports whether the actor may change something owned by memberID.
func (a Actor) owns(memberID *int64) bool {
	return a.Admin || (memberID != nil && *memberID == a.ID)
}
