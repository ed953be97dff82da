ALTER TABLE messages DROP COLUMN reason;
--bun:split
ALTER TABLE message_attempts DROP COLUMN reason;
--bun:split
ALTER TABLE tokens DROP COLUMN reason;
--bun:split
ALTER TABLE job_runs DROP COLUMN reason;
