DROP INDEX messages_idempotency_idx;
--bun:split
ALTER TABLE messages DROP COLUMN idempotency_key;
