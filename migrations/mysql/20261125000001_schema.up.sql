CREATE TABLE members (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	login VARCHAR(64) NOT NULL UNIQUE,
	password_hash VARCHAR(255) NOT NULL,
	display_name VARCHAR(100) NOT NULL DEFAULT '',
	email VARCHAR(254) NOT NULL DEFAULT '',
	role VARCHAR(16) NOT NULL DEFAULT 'member',
	disabled TINYINT(1) NOT NULL DEFAULT 0,
	created_at DATETIME(6) NOT NULL,
	updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE TABLE cards (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	member_id BIGINT REFERENCES members(id) ON DELETE CASCADE,
	slug VARCHAR(64) NOT NULL UNIQUE,
	is_primary TINYINT(1) NOT NULL DEFAULT 0,
	published TINYINT(1) NOT NULL DEFAULT 0,
	is_demo TINYINT(1) NOT NULL DEFAULT 0,
	name_ko VARCHAR(100) NOT NULL DEFAULT '',
	name_en VARCHAR(100) NOT NULL DEFAULT '',
	job_title VARCHAR(100) NOT NULL DEFAULT '',
	job_title_en VARCHAR(100) NOT NULL DEFAULT '',
	email VARCHAR(254) NOT NULL DEFAULT '',
	phone VARCHAR(40) NOT NULL DEFAULT '',
	site VARCHAR(500) NOT NULL DEFAULT '',
	summary TEXT NOT NULL,
	photo_path VARCHAR(255) NOT NULL DEFAULT '',
	resume_path VARCHAR(255) NOT NULL DEFAULT '',
	created_at DATETIME(6) NOT NULL,
	updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX cards_member_idx ON cards (member_id);
--bun:split
CREATE TABLE card_sections (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	card_id BIGINT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	kind VARCHAR(20) NOT NULL,
	title VARCHAR(100) NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	hidden TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX card_sections_card_idx ON card_sections (card_id, position);
--bun:split
CREATE TABLE section_items (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	section_id BIGINT NOT NULL REFERENCES card_sections(id) ON DELETE CASCADE,
	title VARCHAR(200) NOT NULL DEFAULT '',
	subtitle VARCHAR(200) NOT NULL DEFAULT '',
	period VARCHAR(100) NOT NULL DEFAULT '',
	detail TEXT NOT NULL,
	percent INTEGER,
	url VARCHAR(500) NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	hidden TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX section_items_section_idx ON section_items (section_id, position);
--bun:split
CREATE TABLE card_links (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	card_id BIGINT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	kind VARCHAR(20) NOT NULL,
	label VARCHAR(100) NOT NULL DEFAULT '',
	url VARCHAR(500) NOT NULL,
	position INTEGER NOT NULL DEFAULT 0,
	hidden TINYINT(1) NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX card_links_card_idx ON card_links (card_id, position);
--bun:split
CREATE TABLE messages (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	card_id BIGINT REFERENCES cards(id) ON DELETE SET NULL,
	member_id BIGINT REFERENCES members(id) ON DELETE SET NULL,
	name VARCHAR(50) NOT NULL,
	email VARCHAR(254) NOT NULL,
	body TEXT NOT NULL,
	client_ip VARCHAR(45) NOT NULL DEFAULT '',
	state VARCHAR(16) NOT NULL DEFAULT 'pending',
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at DATETIME(6) NULL,
	last_error TEXT NOT NULL,
	claimed_by VARCHAR(64) NOT NULL DEFAULT '',
	claimed_at DATETIME(6) NULL,
	sent_at DATETIME(6) NULL,
	read_at DATETIME(6) NULL,
	created_at DATETIME(6) NOT NULL,
	updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX messages_due_idx ON messages (state, next_attempt_at);
--bun:split
CREATE INDEX messages_member_idx ON messages (member_id, created_at);
--bun:split
CREATE TABLE message_attempts (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	attempt INTEGER NOT NULL,
	outcome VARCHAR(16) NOT NULL,
	error TEXT NOT NULL,
	created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX message_attempts_message_idx ON message_attempts (message_id);
--bun:split
CREATE TABLE tokens (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	member_id BIGINT NOT NULL UNIQUE REFERENCES members(id) ON DELETE CASCADE,
	access_token TEXT NOT NULL,
	refresh_token TEXT NOT NULL,
	scope VARCHAR(200) NOT NULL DEFAULT '',
	access_expires_at DATETIME(6) NOT NULL,
	refresh_expires_at DATETIME(6) NOT NULL,
	state VARCHAR(20) NOT NULL DEFAULT 'healthy',
	last_refresh_at DATETIME(6) NULL,
	last_error TEXT NOT NULL,
	created_at DATETIME(6) NOT NULL,
	updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE TABLE kakao_code_uses (
	code_hash VARCHAR(64) PRIMARY KEY,
	member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE TABLE sessions (
	k VARCHAR(191) PRIMARY KEY,
	v LONGBLOB NOT NULL,
	e BIGINT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX sessions_expiry_idx ON sessions (e);
--bun:split
CREATE TABLE page_views (
	card_id BIGINT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	day DATE NOT NULL,
	views INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (card_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE TABLE login_attempts (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	login VARCHAR(64) NOT NULL,
	client_ip VARCHAR(45) NOT NULL,
	created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX login_attempts_key_idx ON login_attempts (login, client_ip, created_at);
--bun:split
CREATE TABLE job_runs (
	name VARCHAR(64) PRIMARY KEY,
	schedule VARCHAR(64) NOT NULL DEFAULT '',
	last_run_at DATETIME(6) NULL,
	next_run_at DATETIME(6) NULL,
	last_result VARCHAR(16) NOT NULL DEFAULT '',
	last_error TEXT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
