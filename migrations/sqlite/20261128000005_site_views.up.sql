-- The site's views per day, kept beside each card's (services/views.go adds to both in one
-- transaction): the admin's chart reads 30 rows, not a month of every card's days.
CREATE TABLE site_views (
	day DATE PRIMARY KEY,
	views BIGINT NOT NULL DEFAULT 0
);
--bun:split
INSERT INTO site_views (day, views) SELECT day, SUM(views) FROM page_views GROUP BY day;
