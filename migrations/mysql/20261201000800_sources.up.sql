-- Views, clicks and messages per card, day and source (services/sources.go names the
-- sources: a share path's ?src=, a messenger's in-app browser, another site's host).
-- One row per card, day and source, added to as they are counted, never a row per view:
-- and a card has a bounded number of sources a day, so the table grows like page_views.
CREATE TABLE source_counts (
	card_id BIGINT NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
	day DATE NOT NULL,
	source VARCHAR(80) NOT NULL,
	views INTEGER NOT NULL DEFAULT 0,
	clicks INTEGER NOT NULL DEFAULT 0,
	messages INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (card_id, day, source)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
-- The whole site's, kept beside the cards' in the same transaction, as site_views is.
CREATE TABLE site_sources (
	day DATE NOT NULL,
	source VARCHAR(80) NOT NULL,
	views INTEGER NOT NULL DEFAULT 0,
	clicks INTEGER NOT NULL DEFAULT 0,
	messages INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, source)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
