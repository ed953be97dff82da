package kakao

import (
	"errors"
	"fmt"
)

// Class says what a failure means for the caller.
type Class int

// Failure classes.
const (
	// Transient failures (network, 5xx, rate limits, -1) keep the tokens; try again later.
	Transient Class = iota
	// Unauthorized (-401) means the access token is invalid or expired: refresh once, resend.
	Unauthorized
	// Reconnect failures (invalid_grant, -402, -3) need the owner to log in to Kakao again.
	Reconnect
	// Permanent failures (bad request, quota) will not succeed by retrying soon.
	Permanent
)

func (c Class) String() string {
	return [...]string{"transient", "unauthorized", "needs_reconnect", "permanent"}[c]
}

// Error is a failed call to Kakao.
type Error struct {
	Op     string // "token", "refresh", "memo", ...
	Status int    // HTTP status, 0 for network errors
	Code   string // KOE320, -401, invalid_grant, ...
	Msg    string
	Class  Class
	Err    error // the network error, if any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("kakao %s: %v", e.Op, e.Err)
	}
	return fmt.Sprintf("kakao %s: HTTP %d %s %s", e.Op, e.Status, e.Code, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// ClassOf returns the class of err; errors that are not Kakao's count as transient.
func ClassOf(err error) Class {
	var ke *Error
	if errors.As(err, &ke) {
		return ke.Class
	}
	return Transient
}

// classifyOAuth classifies an error from /oauth/token.
func classifyOAuth(status int, errCode, errName string) Class {
	switch {
	case errCode == "KOE237" || status == 429 || status >= 500:
		return Transient
	case errName == "invalid_grant" || errCode == "KOE320" || errCode == "KOE322" || errCode == "KOE319":
		return Reconnect
	case errName == "invalid_client" || errCode == "KOE101" || errCode == "KOE010" || errCode == "KOE303":
		return Permanent // configuration: reconnecting will not help until the settings change
	}
	return Permanent
}

// classifyAPI classifies an error from the kapi host ({"msg","code"}).
func classifyAPI(status, code int) Class {
	switch {
	case code == -401 || status == 401:
		return Unauthorized
	case code == -402 || code == -3:
		return Reconnect
	case code == -1 || code == -10 || status >= 500 || status == 429:
		// -10 is a quota: it resets, so the message waits for a later attempt.
		return Transient
	}
	return Permanent
}
