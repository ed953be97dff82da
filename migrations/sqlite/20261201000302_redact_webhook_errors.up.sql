-- A webhook URL is a credential (Slack, Discord and ntfy put the secret in the path), and
-- failed posts used to write it into the errors kept: the delivery history, the
-- deliveries, the message and the channel's last error, and so into backups. Errors are
-- kept with the host only now; the old texts that hold a URL are replaced.
UPDATE messages SET last_error = 'webhook: this error''s text held the webhook URL and was removed'
	WHERE last_error LIKE '%://%'
	AND id IN (SELECT message_id FROM deliveries WHERE channel = 'webhook' AND last_error LIKE '%://%' AND last_error = messages.last_error);
--bun:split
UPDATE message_attempts SET error = 'webhook: this error''s text held the webhook URL and was removed'
	WHERE channel = 'webhook' AND error LIKE '%://%';
--bun:split
UPDATE deliveries SET last_error = 'webhook: this error''s text held the webhook URL and was removed'
	WHERE channel = 'webhook' AND last_error LIKE '%://%';
--bun:split
UPDATE member_channels SET last_error = 'webhook: this error''s text held the webhook URL and was removed'
	WHERE channel = 'webhook' AND last_error LIKE '%://%';
