package models

import (
	"context"
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// MemberChannel is one member's setting for one channel. A member without a KakaoTalk
// row has KakaoTalk on: it was the only channel before there were others.
type MemberChannel struct {
	bun.BaseModel `bun:"table:member_channels"`

	MemberID int64  `bun:"member_id,pk"`
	Channel  string `bun:"channel,pk"`
	Enabled  bool   `bun:"enabled,notnull"`
	// Target is the confirmed email address, or the webhook's URL.
	Target string `bun:"target,notnull"`
	// Preset is the webhook's shape: "" (Standard Webhooks JSON), slack, discord or ntfy.
	Preset string `bun:"preset,notnull"`
	// Secret is the webhook's signing secret, sealed with SECRET_KEY.
	Secret string `bun:"secret,notnull"`
	// ConfirmHash is the SHA-256 of the token in the confirmation link last sent to
	// ConfirmTarget, which becomes Target when the link is followed.
	ConfirmHash      string     `bun:"confirm_hash,notnull"`
	ConfirmTarget    string     `bun:"confirm_target,notnull"`
	ConfirmExpiresAt *time.Time `bun:"confirm_expires_at"`
	LastOKAt         *time.Time `bun:"last_ok_at"`
	LastErrorAt      *time.Time `bun:"last_error_at"`
	LastError        string     `bun:"last_error,notnull"`
	Reason           Reason     `bun:"reason,notnull"`
	UpdatedAt        time.Time  `bun:"updated_at,notnull"`
}

// ChannelsOf returns a member's channel settings by channel, with KakaoTalk on when it
// has no row.
func ChannelsOf(ctx context.Context, db bun.IDB, memberID int64) (map[string]*MemberChannel, error) {
	var rows []*MemberChannel
	if err := db.NewSelect().Model(&rows).Where("member_id = ?", memberID).Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: channels of member %d: %w", memberID, err)
	}
	out := map[string]*MemberChannel{}
	for _, r := range rows {
		out[r.Channel] = r
	}
	for _, ch := range Channels() {
		if out[ch] == nil {
			out[ch] = &MemberChannel{MemberID: memberID, Channel: ch, Enabled: ch == ChannelKakao}
		}
	}
	return out, nil
}

// SaveChannel stores a member's setting for a channel, replacing the one before.
func SaveChannel(ctx context.Context, db bun.IDB, c *MemberChannel) error {
	q := upsert(db, db.NewInsert().Model(c), "member_id, channel",
		[]string{"enabled", "target", "preset", "secret", "confirm_hash", "confirm_target", "confirm_expires_at",
			"last_ok_at", "last_error_at", "last_error", "reason", "updated_at"}, nil)
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("models: save %s channel of member %d: %w", c.Channel, c.MemberID, err)
	}
	return nil
}

// ChannelByConfirmHash finds the channel whose confirmation link carries that hash.
func ChannelByConfirmHash(ctx context.Context, db bun.IDB, hash string) (*MemberChannel, error) {
	c := new(MemberChannel)
	if err := db.NewSelect().Model(c).Where("confirm_hash = ?", hash).Where("confirm_hash <> ''").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: confirmation: %w", notFound(err))
	}
	return c, nil
}

// RecordChannelOutcome notes how a channel's latest delivery went, for its health. The
// row is made when there is none: KakaoTalk is on with no row saved (ChannelsOf).
func RecordChannelOutcome(ctx context.Context, db bun.IDB, memberID int64, channel string, why Reason, detail string, now time.Time) error {
	row := &MemberChannel{MemberID: memberID, Channel: channel, Enabled: channel == ChannelKakao, UpdatedAt: now}
	cols := []string{"last_ok_at"}
	if why == ReasonNone {
		row.LastOKAt = &now
	} else {
		row.LastErrorAt, row.LastError, row.Reason = &now, detail, why
		cols = []string{"last_error_at", "last_error", "reason"}
	}
	_, err := upsert(db, db.NewInsert().Model(row), "member_id, channel", cols, nil).Exec(ctx)
	return err
}

// DisableChannel turns a member's channel off (a webhook that answered 410 Gone).
func DisableChannel(ctx context.Context, db bun.IDB, memberID int64, channel string, now time.Time) error {
	_, err := db.NewUpdate().Model((*MemberChannel)(nil)).Set("enabled = ?", false).Set("updated_at = ?", now).
		Where("member_id = ?", memberID).Where("channel = ?", channel).Exec(ctx)
	return err
}

// ChannelsByKind lists every member's saved setting of one channel.
func ChannelsByKind(ctx context.Context, db bun.IDB, channel string) ([]MemberChannel, error) {
	var out []MemberChannel
	if err := db.NewSelect().Model(&out).Where("channel = ?", channel).Order("member_id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: %s channels: %w", channel, err)
	}
	return out, nil
}
