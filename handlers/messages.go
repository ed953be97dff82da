package handlers

import (
	"context"

	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// What the handlers ask of message delivery (services/messages), each part on its own
// small interface: a handler test can stand in a fake for one without building the rest.
type (
	// Intake takes visitors' messages (messages.Intake).
	Intake interface {
		Stamp() string
		Submit(ctx context.Context, in messages.Contact) (*models.Message, error)
		// Reach is where a message to the card would go now; Reached where an
		// accepted one goes; MemberReach where a member's new messages would go.
		Reach(ctx context.Context, slug string) (messages.Reach, error)
		Reached(ctx context.Context, m *models.Message) (messages.Reach, error)
		MemberReach(ctx context.Context, memberID int64) (messages.Reach, error)
		ValidReachKey(k string) bool
	}
	// Inbox is the owner's messages (messages.Inbox).
	Inbox interface {
		Messages(ctx context.Context, actor services.Actor, state string, at models.Cursor, perPage int) (*messages.MessagePage, error)
		Open(ctx context.Context, actor services.Actor, id int64) (*messages.MessageDetail, error)
		Retry(ctx context.Context, actor services.Actor, id int64) error
		MarkRead(ctx context.Context, actor services.Actor, id int64) error
		Delete(ctx context.Context, actor services.Actor, id int64) error
	}
	// ChannelSettings is each member's channels (messages.Settings).
	ChannelSettings interface {
		Channels() []string
		Channel(name string) (string, bool)
		MailConfigured() bool
		Status(ctx context.Context, memberID int64) ([]messages.ChannelStatus, error)
		SetEnabled(ctx context.Context, memberID int64, channel string, on bool) error
		Test(ctx context.Context, memberID int64, channel, lang string) error
		SendConfirmation(ctx context.Context, memberID int64) error
		ConfirmationAddress(ctx context.Context, token string) (string, error)
		Confirm(ctx context.Context, token string) (string, error)
		SaveWebhook(ctx context.Context, memberID int64, rawURL, preset string, rotate bool) (string, error)
		RotateSecret(ctx context.Context, memberID int64) (string, error)
		SavedWebhook(ctx context.Context, memberID int64) (url, preset string, err error)
	}
	// KakaoAccount is each member's KakaoTalk connection (messages.Account).
	KakaoAccount interface {
		Configured() bool
		AuthorizeURL(state string) (string, error)
		Connect(ctx context.Context, memberID int64, code string) error
		Connected(ctx context.Context, memberID int64) bool
		Disconnect(ctx context.Context, memberID int64) error
		Refresh(ctx context.Context, memberID int64) error
		SendTest(ctx context.Context, memberID int64, lang string) error
		Status(ctx context.Context, actor services.Actor) ([]messages.TokenStatus, error)
	}
	// RefreshStatus is the token refresh job's last and next run.
	RefreshStatus interface {
		Status(ctx context.Context) (*messages.JobStatus, error)
	}
)
