DROP TABLE member_channels;
--bun:split
ALTER TABLE message_attempts DROP COLUMN channel;
--bun:split
DROP TABLE deliveries;
