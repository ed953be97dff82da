package messages

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"sitecard/internal/kakao"
	"sitecard/internal/mailer"
	"sitecard/internal/webhook"
	"sitecard/models"
	"sitecard/services"
)

// The inbox and the Kakao panel translate a failure from its stored code; the code comes
// from what the error is, whatever its text says, and each channel tells its own.
func TestReasonOfTellsFailuresByWhatTheyAre(t *testing.T) {
	refused := &kakao.Error{Op: "send", Status: 401, Code: "-401", Class: kakao.Unauthorized}
	unreached := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	cases := []struct {
		name   string
		reason func(error) models.Reason
		err    error
		want   models.Reason
	}{
		{"delivered", kakaoReason, nil, models.ReasonNone},
		{"no owner", kakaoReason, errNoOwner, models.ReasonNoOwner},
		{"not connected, wrapped", kakaoReason, fmt.Errorf("send: %w", services.ErrNotConnected), models.ReasonNotConnected},
		{"secret changed", hookReason, fmt.Errorf("open: %w", errSecretChanged), models.ReasonSecretChanged},
		{"Kakao refused with its code", kakaoReason, upstream(refused), "kakao:-401"},
		{"OAuth refusal", kakaoReason, upstream(&kakao.Error{Op: "refresh", Status: 400, Code: "KOE322"}), "kakao:KOE322"},
		{"Kakao unreachable", kakaoReason, upstream(&kakao.Error{Op: "send", Class: kakao.Transient, Err: unreached}), models.ReasonNetwork},
		{"Kakao's server error without a code", kakaoReason, &kakao.Error{Op: "send", Status: 502, Code: "0"}, models.ReasonNetwork},
		{"a deadline, for Kakao", kakaoReason, fmt.Errorf("send: %w", context.DeadlineExceeded), models.ReasonNetwork},
		// Email and webhooks that cannot be reached are not "Kakao could not be reached".
		{"a relay that does not answer", mailReason, fmt.Errorf("send: %w", context.DeadlineExceeded), models.ReasonUnreachable},
		{"a receiver that does not answer", hookReason, unreached, models.ReasonUnreachable},
		{"the relay's refusal", mailReason, &mailer.Error{Code: 550, Msg: "no such user"}, "smtp:550"},
		{"the receiver's answer", hookReason, &webhook.StatusError{Status: 503}, "webhook:503"},
		{"a receiver gone", hookReason, &webhook.StatusError{Status: 410}, models.ReasonGone},
		{"a private address", hookReason, fmt.Errorf("post: %w", webhook.ErrBlocked), models.ReasonBlocked},
		{"the site itself", hookReason, fmt.Errorf("post: %w", webhook.ErrSelf), models.ReasonBlocked},
		{"a channel off", mailReason, errChannelOff, models.ReasonChannelOff},
		// Text that once fooled a matcher on words means nothing now.
		{"a sentence that mentions a timeout", kakaoReason, errors.New("the card has no owner: timeout"), models.ReasonOther},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.reason(c.err); got != c.want {
				t.Errorf("reason(%v) = %q, want %q", c.err, got, c.want)
			}
		})
	}
	// A test's failure carries its channel's reason to the page.
	if got := ReasonOf(&SendError{Reason: "smtp:550", Err: errors.New("x")}); got != "smtp:550" {
		t.Errorf("ReasonOf(a test's failure) = %q", got)
	}
}

func TestKakaoReasonKeepsItsCode(t *testing.T) {
	r := models.KakaoRefused("KOE320")
	if r.Kind() != models.ReasonKakao || r.Code() != "KOE320" {
		t.Errorf("%q: kind %q, code %q", r, r.Kind(), r.Code())
	}
	if r := models.KakaoRefused(""); r != models.ReasonKakao || r.Code() != "" {
		t.Errorf("no code: %q", r)
	}
}
