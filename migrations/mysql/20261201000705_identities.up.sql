-- Single sign-on: a member is the account an OpenID provider names by issuer and
-- subject, never by an email address alone.
CREATE TABLE member_identities (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	member_id BIGINT NOT NULL,
	issuer VARCHAR(255) NOT NULL,
	subject VARCHAR(255) NOT NULL,
	email VARCHAR(254) NOT NULL DEFAULT '',
	created_at DATETIME(6) NOT NULL,
	CONSTRAINT member_identities_member_fk FOREIGN KEY (member_id) REFERENCES members(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--bun:split
CREATE UNIQUE INDEX member_identities_sub_idx ON member_identities (issuer, subject);
