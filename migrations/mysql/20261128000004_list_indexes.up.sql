-- The dashboard and the inbox of a large site (10,000 cards, 2 million page-view days,
-- 200,000 messages) read indexed ranges only; bench/README.md shows each query's plan.
-- The inbox pages by message ID, for one member or all, in one state or any.
CREATE INDEX messages_member_list_idx ON messages (member_id, id);
--bun:split
CREATE INDEX messages_member_state_idx ON messages (member_id, state, id);
--bun:split
CREATE INDEX messages_state_list_idx ON messages (state, id);
--bun:split
-- The sitemap lists published cards by ID.
CREATE INDEX cards_published_idx ON cards (published, id);
