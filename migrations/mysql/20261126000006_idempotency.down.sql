DROP INDEX messages_idempotency_idx ON messages;
--bun:split
ALTER TABLE messages DROP COLUMN idempotency_key;
