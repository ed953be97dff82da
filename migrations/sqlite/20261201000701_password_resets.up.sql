-- Password reset links: the SHA-256 of the token mailed (never the token), whose it is,
-- until when it works (an hour) and when it was used (once).
CREATE TABLE password_resets (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	token_hash VARCHAR(64) NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at TIMESTAMP NULL,
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE UNIQUE INDEX password_resets_token_idx ON password_resets (token_hash);
--bun:split
CREATE INDEX password_resets_member_idx ON password_resets (member_id);
