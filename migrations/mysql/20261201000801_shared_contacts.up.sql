-- A visitor's own contact, shared with a message when they ticked the consent box, with
-- the words they agreed to. Deleting the message deletes it.
CREATE TABLE shared_contacts (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	message_id BIGINT NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
	member_id BIGINT REFERENCES members(id) ON DELETE CASCADE,
	name VARCHAR(100) NOT NULL,
	email VARCHAR(254) NOT NULL,
	phone VARCHAR(40) NOT NULL DEFAULT '',
	org VARCHAR(100) NOT NULL DEFAULT '',
	title VARCHAR(100) NOT NULL DEFAULT '',
	consent TEXT NOT NULL,
	created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX shared_contacts_member ON shared_contacts (member_id, id);
--bun:split
-- Passwords a member makes for one client (a CardDAV address book), stored as a hash:
-- shown once, revocable, never the account password.
CREATE TABLE app_passwords (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	name VARCHAR(60) NOT NULL,
	hash VARCHAR(64) NOT NULL UNIQUE,
	created_at DATETIME(6) NOT NULL,
	last_used_at DATETIME(6) NULL,
	revoked_at DATETIME(6) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX app_passwords_member ON app_passwords (member_id, id);
