package handlers

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"sitecard/internal/i18n"
	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// Issue 24 §4: an error says what it means by its kind and the key of its text, and
// classify is the one table that turns that into a status. Each error the services name
// is answered with its status and its own sentence, also when it comes wrapped with
// context; a failure nobody named is a 500 that says nothing.
func TestEveryServiceErrorHasItsStatusAndText(t *testing.T) {
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		err    error
		status int
		key    string
	}{
		{services.ErrBadCredentials, 422, "login.failed"},
		{services.ErrThrottled, 429, "login.throttled"},
		{services.ErrLastAdmin, 409, "admin.last_admin"},
		{services.ErrSetupDone, 409, "error.conflict"},
		{services.ErrNotConnected, 409, "kakao.state.disconnected"},
		{services.ErrNotConfigured, 409, "kakao.not_configured"},
		{services.ErrFormExpired, 422, "contact.expired"},
		{services.ErrTooFast, 422, "contact.too_fast"},
		{services.ErrBadAppPassword, 401, "error.sign_in"},
		{services.ErrBackupBusy, 429, "backup.busy"},
		{services.ErrImagesBusy, 429, "error.rate_limited"},
		{services.ErrBusy, 429, "error.rate_limited"},
		{services.ErrResetInvalid, 409, "reset.expired"},
		{services.ErrPasskeyRefused, 422, "passkey.refused"},
		{services.ErrSSORefused, 400, "sso.refused"},
		{services.ErrSSODomain, 403, "sso.domain"},
		{services.ErrSSOUnavailable, 503, "sso.unavailable"},
		{services.ErrBadCode, 422, "code.wrong"},
		{services.ErrTOTPOn, 409, "error.conflict"},
		{services.ErrForbidden, 403, "error.forbidden"},
		{services.ErrRateLimited, 429, "error.rate_limited"},
		{services.ErrConflict, 409, "error.conflict"},
		{&services.UpstreamError{Code: "KOE320", Err: errors.New("invalid_grant")}, 502, "kakao.failed"},
		{&services.ValidationError{}, 422, "error.invalid"},
		{models.ErrNotFound, 404, "notfound.title"},
		// The message services' errors, until they are services.Error values too.
		{messages.ErrMailOff, 409, "channels.mail_off"},
		{messages.ErrNoEmail, 409, "channels.no_email"},
		{messages.ErrNotConfirmed, 409, "channels.not_confirmed"},
		{messages.ErrNoWebhook, 409, "channels.no_webhook"},
		{messages.ErrConfirmAgain, 429, "error.rate_limited"},
		{context.DeadlineExceeded, 503, "error.unavailable"},
		{errors.New("a query failed"), 500, "error.title"},
	} {
		for _, err := range []error{tc.err, fmt.Errorf("members: sign in alice: %w", tc.err)} {
			f := classify(err)
			if f.status != tc.status || f.key != tc.key {
				t.Errorf("%v: %d %q, want %d %q", err, f.status, f.key, tc.status, tc.key)
			}
			for _, lang := range []string{i18n.Korean, i18n.English} {
				if !catalog.Has(f.key) || catalog.T(lang, f.key) == f.key {
					t.Errorf("%v: no %s text under %q", err, lang, f.key)
				}
			}
		}
	}
}

// A named error is still one of its kind for errors.Is, as callers have always asked.
func TestNamedErrorsAreOfTheirKind(t *testing.T) {
	for _, tc := range []struct {
		err  error
		kind error
	}{
		{services.ErrThrottled, services.ErrRateLimited},
		{services.ErrBackupBusy, services.ErrRateLimited},
		{services.ErrLastAdmin, services.ErrConflict},
		{services.ErrNotConnected, services.ErrConflict},
		{services.ErrSSODomain, services.ErrForbidden},
		{&services.UpstreamError{Err: errors.New("x")}, services.ErrUpstream},
	} {
		if !errors.Is(fmt.Errorf("wrapped: %w", tc.err), tc.kind) {
			t.Errorf("%v is not %v", tc.err, tc.kind)
		}
		if errors.Is(tc.err, services.Invalid) {
			t.Errorf("%v is Invalid too", tc.err)
		}
	}
	if errors.Is(services.ErrLastAdmin, services.ErrRateLimited) || errors.Is(&services.ValidationError{}, services.ErrConflict) {
		t.Error("an error is of a kind it is not")
	}
}
