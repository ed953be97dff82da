ALTER TABLE messages ADD COLUMN idempotency_key VARCHAR(100);
--bun:split
CREATE UNIQUE INDEX messages_idempotency_idx ON messages (idempotency_key);
