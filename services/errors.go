package services

import (
	"errors"

	"sitecard/internal/validate"
	"sitecard/models"
)

// Kind is what a failure means to whoever asked: the one thing the HTTP layer decides a
// status code by (handlers' classify). Every error a service returns on purpose has a
// kind; an error with none (a query that failed, a bug) is Internal.
//
// A Kind is itself an error, the sentinel of every error of its kind: errors.Is(err,
// ErrConflict) holds for each conflict, whichever it is.
type Kind uint8

// The kinds of failure.
const (
	Internal     Kind = iota // not the caller's doing: logged, and a 500
	NotFound                 // nothing by that name, or nothing the caller may see
	Forbidden                // the caller may not do this
	Unauthorized             // the caller did not prove who they are
	Invalid                  // what was sent is not acceptable (a form, a code, a password)
	Refused                  // another party refused the request (a sign-in provider)
	Conflict                 // the state of things does not allow it now
	TooMany                  // too often or too much at once: try again later
	Unavailable              // a service the site needs does not answer
	Upstream                 // KakaoTalk failed or refused; UpstreamError says how
)

var kindNames = [...]string{Internal: "internal error", NotFound: "not found", Forbidden: "forbidden",
	Unauthorized: "unauthorized", Invalid: "invalid input", Refused: "refused", Conflict: "conflict",
	TooMany: "rate limited", Unavailable: "unavailable", Upstream: "upstream failure"}

func (k Kind) Error() string { return kindNames[k] }

// String names the kind.
func (k Kind) String() string { return kindNames[k] }

// The kinds, as the errors callers test with errors.Is. They are the kinds themselves.
var (
	ErrForbidden   error = Forbidden
	ErrRateLimited error = TooMany
	ErrConflict    error = Conflict
	// ErrUpstream means KakaoTalk failed or refused; UpstreamError says how.
	ErrUpstream error = Upstream
)

// Error is a failure a service names: its kind (what the caller is told by status), the
// key of the text a person reads (internal/i18n), and a message for the log.
type Error struct {
	Kind Kind
	Key  string
	Msg  string
}

// fail names an error of kind k whose text a person reads under key.
func fail(k Kind, key, msg string) *Error { return &Error{Kind: k, Key: key, Msg: msg} }

func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Msg }

// Is makes the error one of its kind for errors.Is.
func (e *Error) Is(target error) bool { k, ok := target.(Kind); return ok && k == e.Kind }

// KindOf is the kind of err: that of the first named error or kind it wraps, Invalid for
// field errors, NotFound for a missing row, Internal for anything else.
func KindOf(err error) Kind {
	var e *Error
	var ve *ValidationError
	var k Kind
	switch {
	case err == nil:
		return Internal
	case errors.As(err, &e):
		return e.Kind
	case errors.As(err, &ve):
		return Invalid
	case errors.As(err, &k):
		return k
	case errors.Is(err, models.ErrNotFound):
		return NotFound
	}
	return Internal
}

// KeyOf is the key of the text a person reads for err, if err names one: "" leaves it to
// the kind.
func KeyOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// Named errors.
var (
	ErrBadCredentials = fail(Invalid, "login.failed", "wrong login or password")
	ErrThrottled      = fail(TooMany, "login.throttled", "too many sign-in attempts")
	ErrLastAdmin      = fail(Conflict, "admin.last_admin", "the last admin cannot be removed, disabled or demoted")
	ErrSetupDone      = fail(Conflict, "", "setup is already done")
	ErrNotConnected   = fail(Conflict, "kakao.state.disconnected", "KakaoTalk is not connected")
	ErrNotConfigured  = fail(Conflict, "kakao.not_configured", "no Kakao app is configured")
	// The contact form's spam checks.
	ErrFormExpired = fail(Invalid, "contact.expired", "the form is too old or was not issued here")
	ErrTooFast     = fail(Invalid, "contact.too_fast", "the form was sent faster than a person types")
	ErrSpam        = fail(Invalid, "", "a robot filled the hidden field")
)

// ValidationError carries field problems back to the form that caused them. Its kind is
// Invalid.
type ValidationError struct {
	Errors validate.Errors
}

func (e *ValidationError) Error() string { return "invalid input" }

// Is makes field errors Invalid for errors.Is.
func (e *ValidationError) Is(target error) bool { return target == error(Invalid) }

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
