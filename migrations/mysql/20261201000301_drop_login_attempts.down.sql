CREATE TABLE login_attempts (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	login VARCHAR(64) NOT NULL,
	client_ip VARCHAR(45) NOT NULL,
	created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX login_attempts_key_idx ON login_attempts (login, client_ip, created_at);
