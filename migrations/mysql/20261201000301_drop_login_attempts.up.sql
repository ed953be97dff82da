-- Failed sign-ins are counted by the rate limits (rate_hits); this table was written and
-- cleared but never read.
DROP TABLE login_attempts;
