DROP TABLE IF EXISTS job_runs;
--bun:split
DROP TABLE IF EXISTS login_attempts;
--bun:split
DROP TABLE IF EXISTS page_views;
--bun:split
DROP TABLE IF EXISTS sessions;
--bun:split
DROP TABLE IF EXISTS kakao_code_uses;
--bun:split
DROP TABLE IF EXISTS tokens;
--bun:split
DROP TABLE IF EXISTS message_attempts;
--bun:split
DROP TABLE IF EXISTS messages;
--bun:split
DROP TABLE IF EXISTS card_links;
--bun:split
DROP TABLE IF EXISTS section_items;
--bun:split
DROP TABLE IF EXISTS card_sections;
--bun:split
DROP TABLE IF EXISTS cards;
--bun:split
DROP TABLE IF EXISTS members;
