ALTER TABLE members DROP COLUMN session_epoch;
