-- An education item's degree (JSON Resume's studyType: "Master", "석사") in both languages,
-- and its score (a GPA, "4.1/4.5"), which importing a résumé used to drop.
ALTER TABLE section_items ADD COLUMN degree VARCHAR(100) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE section_items ADD COLUMN degree_en VARCHAR(100) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE section_items ADD COLUMN score VARCHAR(50) NOT NULL DEFAULT '';
