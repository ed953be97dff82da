package messages

import (
	"context"
	"errors"
	"net"

	"sitecard/models"
	"sitecard/services"
)

// Failures the package names so that their reason can be told without reading text.
var (
	errNoOwner       = errors.New("messages: the card has no owner")
	errSecretChanged = errors.New("messages: token does not decrypt (was SECRET_KEY changed?)")
	errChannelOff    = errors.New("messages: the channel is off or not set up")
)

// reasonOf is the shared part of the reason table: the failures that are no one
// channel's, told by the error's identity and type, never by its text. Each channel
// tells its own receiver's refusals first (kakaoReason, mailReason, hookReason).
func reasonOf(err error) models.Reason {
	var ne net.Error
	switch {
	case err == nil:
		return models.ReasonNone
	case errors.Is(err, errNoOwner):
		return models.ReasonNoOwner
	case errors.Is(err, services.ErrNotConnected):
		return models.ReasonNotConnected
	case errors.Is(err, errSecretChanged):
		return models.ReasonSecretChanged
	case errors.Is(err, errChannelOff):
		return models.ReasonChannelOff
	case errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return models.ReasonNetwork
	}
	return models.ReasonOther
}

// unreachable is a receiver's reason for the network failing: "could not be reached",
// not "Kakao could not be reached".
func unreachable(r models.Reason) models.Reason {
	if r == models.ReasonNetwork {
		return models.ReasonUnreachable
	}
	return r
}

// detail is a failure's text for the delivery history and the log: Kakao's own words
// when Kakao refused.
func detail(err error) string {
	var up *services.UpstreamError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &up):
		return up.Err.Error()
	}
	return err.Error()
}
