ALTER TABLE cards ADD COLUMN chat_enabled TINYINT(1) NOT NULL DEFAULT 1;
--bun:split
CREATE TABLE chat_chunks (
	id BIGINT AUTO_INCREMENT PRIMARY KEY,
	card_id BIGINT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	source VARCHAR(16) NOT NULL,
	content MEDIUMTEXT NOT NULL,
	embedding MEDIUMBLOB
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE INDEX chat_chunks_card_idx ON chat_chunks (card_id, seq);
--bun:split
CREATE TABLE chat_indexes (
	card_id BIGINT PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,
	version VARCHAR(64) NOT NULL DEFAULT '',
	chunks INTEGER NOT NULL DEFAULT 0,
	embedder VARCHAR(120) NOT NULL DEFAULT '',
	indexed_at DATETIME(6) NULL,
	last_error TEXT NOT NULL,
	updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
CREATE TABLE rate_hits (
	bucket VARCHAR(191) NOT NULL,
	window_start BIGINT NOT NULL,
	hits INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (bucket, window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
