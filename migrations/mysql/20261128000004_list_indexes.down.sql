DROP INDEX messages_member_list_idx ON messages;
--bun:split
DROP INDEX messages_member_state_idx ON messages;
--bun:split
DROP INDEX messages_state_list_idx ON messages;
--bun:split
DROP INDEX cards_published_idx ON cards;
