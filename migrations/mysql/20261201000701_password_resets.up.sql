-- Password reset links: the SHA-256 of the token mailed (never the token), whose it is,
-- until when it works (an hour) and when it was used (once).
CREATE TABLE password_resets (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	member_id BIGINT NOT NULL,
	token_hash VARCHAR(64) NOT NULL,
	expires_at DATETIME(6) NOT NULL,
	used_at DATETIME(6) NULL,
	created_at DATETIME(6) NOT NULL,
	CONSTRAINT password_resets_member_fk FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE UNIQUE INDEX password_resets_token_idx ON password_resets (token_hash);
--bun:split
CREATE INDEX password_resets_member_idx ON password_resets (member_id);
