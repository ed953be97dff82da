-- A member's sessions, as the account page lists them: whose session a row is, a public
-- reference to end it by (never the key), the device and address it signed in from,
-- when it started and when it was last seen (Unix seconds, like e). A row whose
-- member_id is NULL signs nobody in, so a session ended while a request was in flight
-- cannot come back when that request saves it again.
ALTER TABLE sessions ADD COLUMN member_id BIGINT NULL;
--bun:split
ALTER TABLE sessions ADD COLUMN ref VARCHAR(32) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE sessions ADD COLUMN user_agent VARCHAR(255) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE sessions ADD COLUMN client_ip VARCHAR(45) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE sessions ADD COLUMN started_at BIGINT NOT NULL DEFAULT 0;
--bun:split
ALTER TABLE sessions ADD COLUMN seen_at BIGINT NOT NULL DEFAULT 0;
--bun:split
CREATE INDEX sessions_member_idx ON sessions (member_id);
