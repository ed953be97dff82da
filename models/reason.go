package models

import "strings"

// Reason says why a delivery, a KakaoTalk connection or a job failed, as a code that the
// pages translate. The free text stored beside it (Kakao's own words, say) is for the log
// and the JSON status only.
type Reason string

// The reasons. A Kakao refusal carries Kakao's error code: "kakao:KOE322".
const (
	ReasonNone          Reason = ""
	ReasonNoOwner       Reason = "no_owner"       // the card has no owner to deliver to
	ReasonNotConnected  Reason = "not_connected"  // the owner has not connected KakaoTalk
	ReasonSecretChanged Reason = "secret_changed" // the stored tokens do not decrypt under SECRET_KEY
	ReasonKakao         Reason = "kakao"          // Kakao refused
	ReasonNetwork       Reason = "network"        // Kakao could not be reached or did not answer
	ReasonOther         Reason = "other"
	// The other channels'. A refusal carries the reply code: "smtp:550", "webhook:503".
	ReasonSMTP        Reason = "smtp"        // the mail relay refused
	ReasonWebhook     Reason = "webhook"     // the webhook's receiver answered other than 2xx
	ReasonGone        Reason = "gone"        // the receiver answered 410: the webhook was turned off
	ReasonUnreachable Reason = "unreachable" // the relay or receiver could not be reached
	ReasonBlocked     Reason = "blocked"     // the webhook leads to a private address
	ReasonChannelOff  Reason = "channel_off" // the channel was turned off or is not set up
	// ReasonNotConfigured: the site has no Kakao app (KAKAO_REST_API_KEY), so KakaoTalk
	// cannot deliver whatever tokens are stored (a restored site, say).
	ReasonNotConfigured Reason = "not_configured"
)

// WithCode is the reason with a code: "smtp:550".
func (r Reason) WithCode(code string) Reason {
	if code == "" {
		return r
	}
	return r + ":" + Reason(code)
}

// KakaoRefused is the reason for a refusal by Kakao with its error code ("" if none).
func KakaoRefused(code string) Reason {
	return ReasonKakao.WithCode(code)
}

// Kind is the reason without Kakao's code.
func (r Reason) Kind() Reason {
	kind, _, _ := strings.Cut(string(r), ":")
	return Reason(kind)
}

// Code is Kakao's error code for a Kakao refusal, or "".
func (r Reason) Code() string {
	_, code, _ := strings.Cut(string(r), ":")
	return code
}
