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
)

// KakaoRefused is the reason for a refusal by Kakao with its error code ("" if none).
func KakaoRefused(code string) Reason {
	if code == "" {
		return ReasonKakao
	}
	return ReasonKakao + ":" + Reason(code)
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
