ALTER TABLE chat_indexes DROP COLUMN format;
