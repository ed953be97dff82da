package handlers

import "sitecard/models"

// Reason is what a page shows for a stored failure (a message's, a connection's, the
// refresh job's): a sentence in the page's language, with Kakao's error code when Kakao
// refused. The stored text, Kakao's own words included, is for logs and the JSON status.
func (v *View) Reason(r models.Reason) string {
	switch r.Kind() {
	case models.ReasonNone:
		return ""
	case models.ReasonNoOwner:
		return v.T("reason.no_owner")
	case models.ReasonNotConnected:
		return v.T("reason.not_connected")
	case models.ReasonSecretChanged:
		return v.T("reason.secret_changed")
	case models.ReasonNetwork:
		return v.T("reason.network")
	case models.ReasonKakao, models.ReasonSMTP, models.ReasonWebhook:
		if code := r.Code(); code != "" {
			return v.T("reason."+string(r.Kind())) + " (" + code + ")"
		}
		return v.T("reason." + string(r.Kind()))
	case models.ReasonGone, models.ReasonUnreachable, models.ReasonBlocked, models.ReasonChannelOff, models.ReasonNotConfigured:
		return v.T("reason." + string(r.Kind()))
	}
	return v.T("reason.other")
}
