CREATE TABLE link_clicks (
	card_id BIGINT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	target VARCHAR(16) NOT NULL,
	link_id BIGINT NOT NULL DEFAULT 0,
	day DATE NOT NULL,
	clicks INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (card_id, target, link_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
