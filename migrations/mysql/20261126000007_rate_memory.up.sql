-- Rate counters need no durability (a restart of the server forgets the last minutes, which
-- only lets a few more messages through), and in memory they take no commit to disk:
-- simultaneous requests from one address stay exact and fast.
CREATE TABLE rate_hits_mem (
	bucket VARCHAR(191) NOT NULL,
	window_start BIGINT NOT NULL,
	hits INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY USING BTREE (bucket, window_start)
) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--bun:split
DROP TABLE rate_hits;
--bun:split
RENAME TABLE rate_hits_mem TO rate_hits;
