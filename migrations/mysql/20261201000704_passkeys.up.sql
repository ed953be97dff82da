-- Passkeys (WebAuthn credentials): public keys, nothing secret. credential_hash is the
-- SHA-256 of the credential ID, to find it by (IDs run to 1023 bytes, too long for an
-- index); credential is the library's JSON of it (key, sign count, flags).
CREATE TABLE passkeys (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	member_id BIGINT NOT NULL,
	name VARCHAR(60) NOT NULL DEFAULT '',
	credential_hash VARCHAR(64) NOT NULL,
	credential TEXT NOT NULL,
	created_at DATETIME(6) NOT NULL,
	last_used_at DATETIME(6) NULL,
	CONSTRAINT passkeys_member_fk FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE UNIQUE INDEX passkeys_credential_idx ON passkeys (credential_hash);
--bun:split
CREATE INDEX passkeys_member_idx ON passkeys (member_id);
