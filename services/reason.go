package services

import (
	"context"
	"errors"
	"net"
	"strconv"

	"sitecard/internal/kakao"
	"sitecard/internal/mailer"
	"sitecard/internal/webhook"
	"sitecard/models"
)

// Failures the services name so that their reason can be told without reading text.
var (
	errNoOwner       = errors.New("services: the card has no owner")
	errSecretChanged = errors.New("services: token does not decrypt (was SECRET_KEY changed?)")
)

// reasonOf is the code the pages translate for a failure, told by the error's type and
// identity, never by its text.
func reasonOf(err error) models.Reason {
	var ke *kakao.Error
	var ne net.Error
	var me *mailer.Error
	var se *webhook.StatusError
	switch {
	case err == nil:
		return models.ReasonNone
	case errors.Is(err, errNoOwner):
		return models.ReasonNoOwner
	case errors.Is(err, ErrNotConnected):
		return models.ReasonNotConnected
	case errors.Is(err, errSecretChanged):
		return models.ReasonSecretChanged
	case errors.As(err, &ke):
		return kakaoReason(ke)
	case errors.Is(err, errChannelOff):
		return models.ReasonChannelOff
	case errors.Is(err, webhook.ErrBlocked), errors.Is(err, webhook.ErrSelf):
		return models.ReasonBlocked
	case errors.As(err, &me):
		return models.ReasonSMTP.WithCode(strconv.Itoa(me.Code))
	case errors.As(err, &se):
		if se.Gone() {
			return models.ReasonGone
		}
		return models.ReasonWebhook.WithCode(strconv.Itoa(se.Status))
	case errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return models.ReasonNetwork
	}
	return models.ReasonOther
}

// ChannelReason is the reason a delivery by channel failed: reasonOf, except that email
// and webhooks that cannot be reached are not "Kakao could not be reached".
func ChannelReason(channel string, err error) models.Reason {
	r := reasonOf(err)
	if r == models.ReasonNetwork && channel != models.ChannelKakao {
		return models.ReasonUnreachable
	}
	return r
}

// kakaoReason tells Kakao's refusals (with their code) from Kakao not answering: no HTTP
// status at all, or a server error without a code of Kakao's.
func kakaoReason(ke *kakao.Error) models.Reason {
	code := ke.Code
	if code == "0" { // an API error body that did not parse
		code = ""
	}
	if ke.Status == 0 || (code == "" && ke.Status >= 500) {
		return models.ReasonNetwork
	}
	return models.KakaoRefused(code)
}
