-- A visitor's own contact, shared with a message when they ticked the consent box, with
-- the words they agreed to. Deleting the message deletes it.
CREATE TABLE shared_contacts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
	member_id INTEGER REFERENCES members(id) ON DELETE CASCADE,
	name VARCHAR(100) NOT NULL,
	email VARCHAR(254) NOT NULL,
	phone VARCHAR(40) NOT NULL DEFAULT '',
	org VARCHAR(100) NOT NULL DEFAULT '',
	title VARCHAR(100) NOT NULL DEFAULT '',
	consent TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX shared_contacts_member ON shared_contacts (member_id, id);
--bun:split
-- Passwords a member makes for one client (a CardDAV address book), stored as a hash:
-- shown once, revocable, never the account password.
CREATE TABLE app_passwords (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	name VARCHAR(60) NOT NULL,
	hash VARCHAR(64) NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP NULL,
	revoked_at TIMESTAMP NULL
);
--bun:split
CREATE INDEX app_passwords_member ON app_passwords (member_id, id);
