package messages

import (
	"context"
	"errors"

	"sitecard/internal/kakao"
	"sitecard/models"
	"sitecard/services"
)

// kakaoChannel delivers a memo to the owner's own KakaoTalk ("send to me"), through their
// account. It is the channel messages wait on when none can take them.
type kakaoChannel struct {
	account *Account
}

func newKakao(e *env) *kakaoChannel { return &kakaoChannel{account: e.account} }

func (k *kakaoChannel) Name() string { return models.ChannelKakao }

// waits: a message for a member whose KakaoTalk is on but not connected waits for them
// to connect, then goes.
func (k *kakaoChannel) waits() bool { return true }

// Ready reports whether the member's KakaoTalk is connected (and the site has a Kakao
// app).
func (k *kakaoChannel) Ready(ctx context.Context, memberID int64) (bool, models.Reason, error) {
	if !k.account.Configured() {
		return false, models.ReasonNotConfigured, nil
	}
	if !k.account.Connected(ctx, memberID) {
		return false, models.ReasonNotConnected, nil
	}
	return true, models.ReasonNone, nil
}

// Send sends the message as a memo. A token to connect again makes the delivery wait
// (told as the channel waiting, not failing); Kakao's permanent refusals fail it.
func (k *kakaoChannel) Send(ctx context.Context, l Letter) Outcome {
	m := l.Message
	err := k.account.send(ctx, l.MemberID, kakao.NewMemo(m.Name, m.Email, m.Body, l.Link))
	var up *services.UpstreamError
	switch {
	case err == nil:
		return delivered()
	case errors.Is(err, services.ErrNotConnected), errors.As(err, &up) && up.Reconnect:
		return Outcome{Verdict: Wait, Reason: kakaoReason(err), Err: err}
	case kakao.ClassOf(err) == kakao.Permanent:
		return Outcome{Verdict: Failed, Reason: kakaoReason(err), Err: err}
	}
	return Outcome{Verdict: Retry, Reason: kakaoReason(err), Err: err}
}

// describe: KakaoTalk is ready when connected, and without a Kakao app it says so (one
// truth with the KakaoTalk panel's "no key").
func (k *kakaoChannel) describe(ctx context.Context, _ *models.MemberChannel, st *ChannelStatus) error {
	st.Ready = k.account.Connected(ctx, st.MemberID)
	if !k.account.Configured() {
		st.Reason = models.ReasonNotConfigured
	}
	return nil
}

// test sends the owner the test memo in their language. Kakao's refusal comes back as
// it is (ErrUpstream, which the page explains), not as the channel failing: a token to
// connect again is the panel's to say, as with a delivery.
func (k *kakaoChannel) test(ctx context.Context, memberID int64, _ *models.MemberChannel, lang string) error {
	return k.account.SendTest(ctx, memberID, lang)
}

// kakaoReason is the code for a failure of KakaoTalk: Kakao's refusals with their code,
// Kakao not answering (no HTTP status at all, or a server error without a code of
// Kakao's) as the network; anything else by the shared table.
func kakaoReason(err error) models.Reason {
	var ke *kakao.Error
	if !errors.As(err, &ke) {
		return reasonOf(err)
	}
	code := ke.Code
	if code == "0" { // an API error body that did not parse
		code = ""
	}
	if ke.Status == 0 || (code == "" && ke.Status >= 500) {
		return models.ReasonNetwork
	}
	return models.KakaoRefused(code)
}
