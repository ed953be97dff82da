package services

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"sitecard/internal/kakao"
	"sitecard/models"
)

// The inbox and the Kakao panel translate a failure from its stored code; the code comes
// from what the error is, whatever its text says.
func TestReasonOfTellsFailuresByWhatTheyAre(t *testing.T) {
	refused := &kakao.Error{Op: "send", Status: 401, Code: "-401", Class: kakao.Unauthorized}
	cases := []struct {
		name string
		err  error
		want models.Reason
	}{
		{"delivered", nil, models.ReasonNone},
		{"no owner", errNoOwner, models.ReasonNoOwner},
		{"not connected, wrapped", fmt.Errorf("send: %w", ErrNotConnected), models.ReasonNotConnected},
		{"secret changed", fmt.Errorf("open: %w", errSecretChanged), models.ReasonSecretChanged},
		{"Kakao refused with its code", upstream(refused), "kakao:-401"},
		{"OAuth refusal", upstream(&kakao.Error{Op: "refresh", Status: 400, Code: "KOE322"}), "kakao:KOE322"},
		{"Kakao unreachable", upstream(&kakao.Error{Op: "send", Class: kakao.Transient, Err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}}), models.ReasonNetwork},
		{"Kakao's server error without a code", &kakao.Error{Op: "send", Status: 502, Code: "0"}, models.ReasonNetwork},
		{"a deadline", fmt.Errorf("send: %w", context.DeadlineExceeded), models.ReasonNetwork},
		// Text that once fooled a matcher on words means nothing now.
		{"a sentence that mentions a timeout", errors.New("the card has no owner: timeout"), models.ReasonOther},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := reasonOf(c.err); got != c.want {
				t.Errorf("reasonOf(%v) = %q, want %q", c.err, got, c.want)
			}
		})
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
