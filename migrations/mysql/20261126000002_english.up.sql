ALTER TABLE cards ADD COLUMN summary_en TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE card_sections ADD COLUMN title_en VARCHAR(100) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE section_items ADD COLUMN title_en VARCHAR(200) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE section_items ADD COLUMN subtitle_en VARCHAR(200) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE section_items ADD COLUMN detail_en TEXT NOT NULL DEFAULT '';
--bun:split
ALTER TABLE card_links ADD COLUMN label_en VARCHAR(100) NOT NULL DEFAULT '';
