-- Idempotency keys are stored hashed with their card and client address (services/contact.go),
-- with a hash of the message they came with: a key used again for another message is refused.
ALTER TABLE messages ADD COLUMN idempotency_body CHAR(64) NULL;
