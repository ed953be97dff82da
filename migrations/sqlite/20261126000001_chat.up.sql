ALTER TABLE cards ADD COLUMN chat_enabled BOOLEAN NOT NULL DEFAULT 1;
--bun:split
CREATE TABLE chat_chunks (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	source VARCHAR(16) NOT NULL,
	content TEXT NOT NULL,
	embedding BLOB
);
--bun:split
CREATE INDEX chat_chunks_card_idx ON chat_chunks (card_id, seq);
--bun:split
CREATE TABLE chat_indexes (
	card_id INTEGER PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,
	version VARCHAR(64) NOT NULL DEFAULT '',
	chunks INTEGER NOT NULL DEFAULT 0,
	embedder VARCHAR(120) NOT NULL DEFAULT '',
	indexed_at TIMESTAMP,
	last_error TEXT NOT NULL DEFAULT '',
	updated_at TIMESTAMP NOT NULL
);
--bun:split
CREATE TABLE rate_hits (
	bucket VARCHAR(191) NOT NULL,
	window_start BIGINT NOT NULL,
	hits INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (bucket, window_start)
);
