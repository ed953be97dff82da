ALTER TABLE section_items DROP COLUMN score;
--bun:split
ALTER TABLE section_items DROP COLUMN degree_en;
--bun:split
ALTER TABLE section_items DROP COLUMN degree;
