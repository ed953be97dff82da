-- A member's authenticator app (TOTP, RFC 6238): the secret, sealed with SECRET_KEY like
-- the tokens; when it was confirmed with a first code (NULL: being set up, not asked at
-- sign-in); the last time step a code was accepted for, so a code works once.
CREATE TABLE member_totp (
	member_id BIGINT PRIMARY KEY,
	secret TEXT NOT NULL,
	confirmed_at DATETIME(6) NULL,
	last_step BIGINT NOT NULL DEFAULT 0,
	created_at DATETIME(6) NOT NULL,
	CONSTRAINT member_totp_member_fk FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
-- Recovery codes: ten per member, shown once, kept as their SHA-256, each used once.
CREATE TABLE recovery_codes (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	member_id BIGINT NOT NULL,
	code_hash VARCHAR(64) NOT NULL,
	used_at DATETIME(6) NULL,
	created_at DATETIME(6) NOT NULL,
	CONSTRAINT recovery_codes_member_fk FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE UNIQUE INDEX recovery_codes_code_idx ON recovery_codes (member_id, code_hash);
