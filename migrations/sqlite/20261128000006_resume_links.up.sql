-- Which résumé the card links: the PDF drawn from the card, the uploaded one, or both (the
-- editor's settings; services/card_edit.go).
ALTER TABLE cards ADD COLUMN resume_links VARCHAR(16) NOT NULL DEFAULT 'both';
