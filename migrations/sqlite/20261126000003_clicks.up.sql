CREATE TABLE link_clicks (
	card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	target VARCHAR(16) NOT NULL,
	link_id INTEGER NOT NULL DEFAULT 0,
	day DATE NOT NULL,
	clicks INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (card_id, target, link_id, day)
);
