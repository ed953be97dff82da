-- Passkeys (WebAuthn credentials): public keys, nothing secret. credential_hash is the
-- SHA-256 of the credential ID, to find it by (IDs run to 1023 bytes, too long for an
-- index); credential is the library's JSON of it (key, sign count, flags).
CREATE TABLE passkeys (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	name VARCHAR(60) NOT NULL DEFAULT '',
	credential_hash VARCHAR(64) NOT NULL,
	credential TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP NULL
);
--bun:split
CREATE UNIQUE INDEX passkeys_credential_idx ON passkeys (credential_hash);
--bun:split
CREATE INDEX passkeys_member_idx ON passkeys (member_id);
