CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	login VARCHAR(64) NOT NULL,
	client_ip VARCHAR(45) NOT NULL,
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX login_attempts_key_idx ON login_attempts (login, client_ip, created_at);
