DROP TABLE site_sources;
--bun:split
DROP TABLE source_counts;
