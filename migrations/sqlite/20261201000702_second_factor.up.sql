-- A member's authenticator app (TOTP, RFC 6238): the secret, sealed with SECRET_KEY like
-- the tokens; when it was confirmed with a first code (NULL: being set up, not asked at
-- sign-in); the last time step a code was accepted for, so a code works once.
CREATE TABLE member_totp (
	member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
	secret TEXT NOT NULL,
	confirmed_at TIMESTAMP NULL,
	last_step BIGINT NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL
);
--bun:split
-- Recovery codes: ten per member, shown once, kept as their SHA-256, each used once.
CREATE TABLE recovery_codes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	code_hash VARCHAR(64) NOT NULL,
	used_at TIMESTAMP NULL,
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE UNIQUE INDEX recovery_codes_code_idx ON recovery_codes (member_id, code_hash);
