package services

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"

	"sitecard/internal/kakao"
	"sitecard/models"
)

// reasonOf is the code the dashboard translates for a job's failure (the token refresh
// job's are Kakao's), told by the error's type and identity, never by its text. The
// deliveries' reasons are told by each channel in services/messages.
func reasonOf(err error) models.Reason {
	var ke *kakao.Error
	var ne net.Error
	switch {
	case err == nil:
		return models.ReasonNone
	case errors.Is(err, ErrNotConnected):
		return models.ReasonNotConnected
	case errors.As(err, &ke):
		code := ke.Code
		if code == "0" { // an API error body that did not parse
			code = ""
		}
		if ke.Status == 0 || (code == "" && ke.Status >= 500) {
			return models.ReasonNetwork
		}
		return models.KakaoRefused(code)
	case errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return models.ReasonNetwork
	}
	return models.ReasonOther
}

// hashToken is how a link's token is stored: its SHA-256, so that the database never
// holds a working link.
func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}
