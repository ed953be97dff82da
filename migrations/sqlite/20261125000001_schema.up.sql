CREATE TABLE members (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	login VARCHAR(64) NOT NULL UNIQUE,
	password_hash VARCHAR(255) NOT NULL,
	display_name VARCHAR(100) NOT NULL DEFAULT '',
	email VARCHAR(254) NOT NULL DEFAULT '',
	role VARCHAR(16) NOT NULL DEFAULT 'member',
	disabled BOOLEAN NOT NULL DEFAULT 0,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE cards (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id INTEGER REFERENCES members(id) ON DELETE CASCADE,
	slug VARCHAR(64) NOT NULL UNIQUE,
	is_primary BOOLEAN NOT NULL DEFAULT 0,
	published BOOLEAN NOT NULL DEFAULT 0,
	is_demo BOOLEAN NOT NULL DEFAULT 0,
	name_ko VARCHAR(100) NOT NULL DEFAULT '',
	name_en VARCHAR(100) NOT NULL DEFAULT '',
	job_title VARCHAR(100) NOT NULL DEFAULT '',
	job_title_en VARCHAR(100) NOT NULL DEFAULT '',
	email VARCHAR(254) NOT NULL DEFAULT '',
	phone VARCHAR(40) NOT NULL DEFAULT '',
	site VARCHAR(500) NOT NULL DEFAULT '',
	summary TEXT NOT NULL DEFAULT '',
	photo_path VARCHAR(255) NOT NULL DEFAULT '',
	resume_path VARCHAR(255) NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX cards_member_idx ON cards (member_id);
--bun:split
CREATE TABLE card_sections (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	kind VARCHAR(20) NOT NULL,
	title VARCHAR(100) NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	hidden BOOLEAN NOT NULL DEFAULT 0
);
--bun:split
CREATE INDEX card_sections_card_idx ON card_sections (card_id, position);
--bun:split
CREATE TABLE section_items (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	section_id INTEGER NOT NULL REFERENCES card_sections(id) ON DELETE CASCADE,
	title VARCHAR(200) NOT NULL DEFAULT '',
	subtitle VARCHAR(200) NOT NULL DEFAULT '',
	period VARCHAR(100) NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	percent INTEGER,
	url VARCHAR(500) NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0,
	hidden BOOLEAN NOT NULL DEFAULT 0
);
--bun:split
CREATE INDEX section_items_section_idx ON section_items (section_id, position);
--bun:split
CREATE TABLE card_links (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	kind VARCHAR(20) NOT NULL,
	label VARCHAR(100) NOT NULL DEFAULT '',
	url VARCHAR(500) NOT NULL,
	position INTEGER NOT NULL DEFAULT 0,
	hidden BOOLEAN NOT NULL DEFAULT 0
);
--bun:split
CREATE INDEX card_links_card_idx ON card_links (card_id, position);
--bun:split
CREATE TABLE messages (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	card_id INTEGER REFERENCES cards(id) ON DELETE SET NULL,
	member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
	name VARCHAR(50) NOT NULL,
	email VARCHAR(254) NOT NULL,
	body TEXT NOT NULL,
	client_ip VARCHAR(45) NOT NULL DEFAULT '',
	state VARCHAR(16) NOT NULL DEFAULT 'pending',
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TIMESTAMP,
	last_error TEXT NOT NULL DEFAULT '',
	claimed_by VARCHAR(64) NOT NULL DEFAULT '',
	claimed_at TIMESTAMP,
	sent_at TIMESTAMP,
	read_at TIMESTAMP,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX messages_due_idx ON messages (state, next_attempt_at);
--bun:split
CREATE INDEX messages_member_idx ON messages (member_id, created_at);
--bun:split
CREATE TABLE message_attempts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	attempt INTEGER NOT NULL,
	outcome VARCHAR(16) NOT NULL,
	error TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX message_attempts_message_idx ON message_attempts (message_id);
--bun:split
CREATE TABLE tokens (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	member_id INTEGER NOT NULL UNIQUE REFERENCES members(id) ON DELETE CASCADE,
	access_token TEXT NOT NULL,
	refresh_token TEXT NOT NULL,
	scope VARCHAR(200) NOT NULL DEFAULT '',
	access_expires_at TIMESTAMP NOT NULL,
	refresh_expires_at TIMESTAMP NOT NULL,
	state VARCHAR(20) NOT NULL DEFAULT 'healthy',
	last_refresh_at TIMESTAMP,
	last_error TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE kakao_code_uses (
	code_hash VARCHAR(64) PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE sessions (
	k VARCHAR(255) PRIMARY KEY,
	v BLOB NOT NULL,
	e BIGINT NOT NULL DEFAULT 0
);
--bun:split
CREATE INDEX sessions_expiry_idx ON sessions (e);
--bun:split
CREATE TABLE page_views (
	card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	day DATE NOT NULL,
	views INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (card_id, day)
);
--bun:split
CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	login VARCHAR(64) NOT NULL,
	client_ip VARCHAR(45) NOT NULL,
	created_at TIMESTAMP NOT NULL
);
--bun:split
CREATE INDEX login_attempts_key_idx ON login_attempts (login, client_ip, created_at);
--bun:split
CREATE TABLE job_runs (
	name VARCHAR(64) PRIMARY KEY,
	schedule VARCHAR(64) NOT NULL DEFAULT '',
	last_run_at TIMESTAMP,
	next_run_at TIMESTAMP,
	last_result VARCHAR(16) NOT NULL DEFAULT '',
	last_error TEXT NOT NULL DEFAULT ''
);
