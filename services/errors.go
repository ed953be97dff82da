package services

import (
	"errors"
	"fmt"

	"sitecard/internal/validate"
)

// The kinds of failure callers tell apart. The HTTP layer maps each kind to a status
// code in one table; the named errors below wrap a kind, so errors.Is finds both.
var (
	ErrForbidden   = errors.New("forbidden")
	ErrRateLimited = errors.New("rate limited")
	ErrConflict    = errors.New("conflict")
	// ErrUpstream means KakaoTalk failed or refused; UpstreamError says how.
	ErrUpstream = errors.New("upstream failure")
)

// Named errors.
var (
	ErrBadCredentials = errors.New("wrong login or password")
	ErrThrottled      = fmt.Errorf("%w: too many sign-in attempts", ErrRateLimited)
	ErrLastAdmin      = fmt.Errorf("%w: the last admin cannot be removed, disabled or demoted", ErrConflict)
	ErrSetupDone      = fmt.Errorf("%w: setup is already done", ErrConflict)
	ErrNotConnected   = fmt.Errorf("%w: KakaoTalk is not connected", ErrConflict)
	ErrNotConfigured  = fmt.Errorf("%w: no Kakao app is configured", ErrConflict)
	// The contact form's spam checks.
	ErrFormExpired = errors.New("the form is too old or was not issued here")
	ErrTooFast     = errors.New("the form was sent faster than a person types")
	ErrSpam        = errors.New("a robot filled the hidden field")
)

// ValidationError carries field problems back to the form that caused them.
type ValidationError struct {
	Errors validate.Errors
}

func (e *ValidationError) Error() string { return "invalid input" }

// UpstreamError is a refusal or failure of KakaoTalk, with Kakao's error code (such as
// KOE320 or -401) for the owner and the raw text for the log only.
type UpstreamError struct {
	Code      string
	Reconnect bool // the owner must connect again
	Err       error
}

func (e *UpstreamError) Error() string { return "kakao: " + e.Err.Error() }

// Unwrap lets errors.Is see both ErrUpstream and the Kakao error.
func (e *UpstreamError) Unwrap() []error { return []error{ErrUpstream, e.Err} }

// invalid returns a ValidationError when errs is not empty.
func invalid(errs validate.Errors) error {
	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Errors: errs}
}

// fieldError is a ValidationError for one field; n fills in the message's number.
func fieldError(field, code string, n ...int) error {
	e := validate.Error{Code: code}
	if len(n) > 0 {
		e.N = n[0]
	}
	return &ValidationError{Errors: validate.Errors{field: e}}
}
