DROP TABLE rate_hits;
--bun:split
DROP TABLE chat_indexes;
--bun:split
DROP TABLE chat_chunks;
--bun:split
ALTER TABLE cards DROP COLUMN chat_enabled;
