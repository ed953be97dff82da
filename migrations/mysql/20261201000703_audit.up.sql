-- The audit trail admins read: who did what to whom, from where, kept 90 days. Logins
-- are copied in, and there is no foreign key, so that the trail outlives a deleted member.
CREATE TABLE audit_events (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	at DATETIME(6) NOT NULL,
	action VARCHAR(32) NOT NULL,
	actor_id BIGINT NULL,
	actor_login VARCHAR(64) NOT NULL DEFAULT '',
	subject_id BIGINT NULL,
	subject_login VARCHAR(64) NOT NULL DEFAULT '',
	detail VARCHAR(255) NOT NULL DEFAULT '',
	client_ip VARCHAR(45) NOT NULL DEFAULT ''
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX audit_events_at_idx ON audit_events (at);
