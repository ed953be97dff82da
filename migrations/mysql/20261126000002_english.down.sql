ALTER TABLE card_links DROP COLUMN label_en;
--bun:split
ALTER TABLE section_items DROP COLUMN detail_en;
--bun:split
ALTER TABLE section_items DROP COLUMN subtitle_en;
--bun:split
ALTER TABLE section_items DROP COLUMN title_en;
--bun:split
ALTER TABLE card_sections DROP COLUMN title_en;
--bun:split
ALTER TABLE cards DROP COLUMN summary_en;
