ALTER TABLE cards DROP COLUMN resume_links;
