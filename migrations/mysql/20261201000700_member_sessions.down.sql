DROP INDEX sessions_member_idx ON sessions;
--bun:split
ALTER TABLE sessions DROP COLUMN seen_at;
--bun:split
ALTER TABLE sessions DROP COLUMN started_at;
--bun:split
ALTER TABLE sessions DROP COLUMN client_ip;
--bun:split
ALTER TABLE sessions DROP COLUMN user_agent;
--bun:split
ALTER TABLE sessions DROP COLUMN ref;
--bun:split
ALTER TABLE sessions DROP COLUMN member_id;
