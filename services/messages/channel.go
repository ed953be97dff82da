package messages

import (
	"context"
	"errors"
	"time"

	"sitecard/models"
)

// Channel is one way a message reaches its owner. Each channel lives in a file of its own
// and classifies its own failures: the outbox and the worker only read the Outcome.
type Channel interface {
	// Name is the channel's stored name (deliveries.channel, member_channels.channel).
	Name() string
	// Ready reports whether the channel can take a new message for memberID now, and
	// why not when it cannot.
	Ready(ctx context.Context, memberID int64) (bool, models.Reason, error)
	// Send delivers one letter and says how it went.
	Send(ctx context.Context, l Letter) Outcome
}

// Letter is what one delivery carries: the message with its card and its inbox link, and
// the member's setting of the channel it goes by.
type Letter struct {
	Message *models.Message
	// MemberID is the owner the letter goes to.
	MemberID int64
	// Setting is the member's setting of this channel (never nil).
	Setting *models.MemberChannel
	// Card is the card's slug, "" when it was deleted.
	Card string
	// Link is the message in the owner's inbox.
	Link string
	// ID is the delivery's identity for the receiver (the webhook's Webhook-Id): the
	// same on every try of one delivery, new for each test.
	ID string
	// CreatedAt is when the message was written.
	CreatedAt time.Time
}

// Verdict is what becomes of a delivery after a try.
type Verdict int

// The verdicts a channel gives.
const (
	// Delivered: the receiver took it.
	Delivered Verdict = iota
	// Retry: try again after the backoff (until the last attempt).
	Retry
	// Failed: a permanent refusal; never tried again unless the owner asks.
	Failed
	// Wait: the channel cannot deliver until the owner acts (KakaoTalk to connect
	// again); the delivery waits, and the channel is not counted as failing.
	Wait
	// TurnOff: the channel is off or no longer set up; the message goes by the owner's
	// channels as they are now.
	TurnOff
)

// Outcome is how one try went: the verdict, the reason code the pages translate, and the
// failure itself for the history and the log.
type Outcome struct {
	Verdict Verdict
	Reason  models.Reason
	Err     error
}

// delivered is the outcome of a letter that arrived.
func delivered() Outcome { return Outcome{Verdict: Delivered, Reason: models.ReasonNone} }

// SendError is a test send's failure, with the channel's reason for it.
type SendError struct {
	Reason models.Reason
	Err    error
}

func (e *SendError) Error() string { return e.Err.Error() }

// Unwrap lets errors.Is and errors.As see the failure itself (ErrUpstream for Kakao).
func (e *SendError) Unwrap() error { return e.Err }

// ReasonOf is the reason code of a test's failure, as the channel that sent it told it;
// for any other error, what the shared table says.
func ReasonOf(err error) models.Reason {
	var se *SendError
	if errors.As(err, &se) {
		return se.Reason
	}
	return reasonOf(err)
}

// The optional parts of a channel, each a small interface a channel implements if it has
// the part.
type (
	// waiter is a channel whose messages wait for it while it is on but not ready
	// (KakaoTalk until the owner connects), where others skip it.
	waiter interface{ waits() bool }
	// pooled is a channel whose deliveries may run more than defaultPool at once.
	pooled interface{ pool() int }
	// describer fills in the settings page's view of the channel.
	describer interface {
		describe(ctx context.Context, ch *models.MemberChannel, st *ChannelStatus) error
	}
	// tester sends the owner a sample through the channel, now, and says what went
	// wrong (a *SendError when the receiver refused).
	tester interface {
		test(ctx context.Context, memberID int64, setting *models.MemberChannel, lang string) error
	}
)
