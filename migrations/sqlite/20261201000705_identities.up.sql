-- Single sign-on: a member is the account an OpenID provider names by issuer and
-- subject, never by an email address alone.
CREATE TABLE member_identities (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	issuer VARCHAR(255) NOT NULL,
	subject VARCHAR(255) NOT NULL,
	email VARCHAR(254) NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE UNIQUE INDEX member_identities_sub_idx ON member_identities (issuer, subject);
