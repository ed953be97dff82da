-- A résumé's text is read once, when it is uploaded, and kept beside the file: indexing
-- never parses a PDF again. text is NULL until read (files from before this version);
-- text_status says why a file has no text ('no_text' for a scan, or why it could not be
-- read), so that a file is never read twice. chat_indexes.reason is the code the editor
-- translates for what went wrong in the last indexing.
ALTER TABLE uploads ADD COLUMN text MEDIUMTEXT NULL;
--bun:split
ALTER TABLE uploads ADD COLUMN text_status VARCHAR(32) NOT NULL DEFAULT '';
--bun:split
ALTER TABLE chat_indexes ADD COLUMN reason VARCHAR(32) NOT NULL DEFAULT '';
