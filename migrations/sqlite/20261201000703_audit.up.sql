-- The audit trail admins read: who did what to whom, from where, kept 90 days. Logins
-- are copied in, and there is no foreign key, so that the trail outlives a deleted member.
CREATE TABLE audit_events (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TIMESTAMP NOT NULL,
	action VARCHAR(32) NOT NULL,
	actor_id BIGINT NULL,
	actor_login VARCHAR(64) NOT NULL DEFAULT '',
	subject_id BIGINT NULL,
	subject_login VARCHAR(64) NOT NULL DEFAULT '',
	detail VARCHAR(255) NOT NULL DEFAULT '',
	client_ip VARCHAR(45) NOT NULL DEFAULT ''
);
--bun:split
CREATE INDEX audit_events_at_idx ON audit_events (at);
