-- Channels: a message is delivered to each of its owner's channels (KakaoTalk, email, a
-- webhook) by a row of its own, so that a failing webhook never holds up KakaoTalk. The
-- message's state becomes the summary of its deliveries. Every message so far had one
-- delivery, to KakaoTalk: it is copied from the message's own columns.
CREATE TABLE deliveries (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	channel VARCHAR(16) NOT NULL,
	state VARCHAR(16) NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMP NULL,
	last_error TEXT NOT NULL DEFAULT '',
	reason VARCHAR(32) NOT NULL DEFAULT '',
	claimed_by VARCHAR(64) NOT NULL DEFAULT '',
	claimed_at TIMESTAMP NULL,
	sent_at TIMESTAMP NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
--bun:split
CREATE UNIQUE INDEX deliveries_message_channel_idx ON deliveries (message_id, channel);
--bun:split
CREATE INDEX deliveries_due_idx ON deliveries (state, next_attempt_at);
--bun:split
INSERT INTO deliveries (message_id, channel, state, attempts, next_attempt_at, last_error, reason, claimed_by, claimed_at, sent_at, created_at, updated_at)
	SELECT id, 'kakao', state, attempts, next_attempt_at, last_error, reason, claimed_by, claimed_at, sent_at, created_at, updated_at FROM messages;
--bun:split
ALTER TABLE message_attempts ADD COLUMN channel VARCHAR(16) NOT NULL DEFAULT 'kakao';
--bun:split
-- Each member's channels: whether each is on, where it goes (the confirmed email
-- address, the webhook's URL and shape), the webhook's signing secret (sealed with
-- SECRET_KEY like the tokens) and how its last delivery went.
CREATE TABLE member_channels (
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	channel VARCHAR(16) NOT NULL,
	enabled BOOLEAN NOT NULL DEFAULT 0,
	target VARCHAR(500) NOT NULL DEFAULT '',
	preset VARCHAR(16) NOT NULL DEFAULT '',
	secret TEXT NOT NULL DEFAULT '',
	confirm_hash VARCHAR(64) NOT NULL DEFAULT '',
	confirm_target VARCHAR(500) NOT NULL DEFAULT '',
	confirm_expires_at TIMESTAMP NULL,
	last_ok_at TIMESTAMP NULL,
	last_error_at TIMESTAMP NULL,
	last_error TEXT NOT NULL DEFAULT '',
	reason VARCHAR(32) NOT NULL DEFAULT '',
	updated_at TIMESTAMP NOT NULL,
	PRIMARY KEY (member_id, channel)
);
--bun:split
CREATE INDEX member_channels_confirm_idx ON member_channels (confirm_hash);
