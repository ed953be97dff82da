ALTER TABLE chat_indexes DROP COLUMN reason;
--bun:split
ALTER TABLE uploads DROP COLUMN text_status;
--bun:split
ALTER TABLE uploads DROP COLUMN text;
