-- The chatbot's index has a format: facts read from the page's layout (issue 23) are
-- format 2. A card indexed by an older format is stale: its résumé is read again, once,
-- from the stored PDF, and the card indexed anew.
ALTER TABLE chat_indexes ADD COLUMN format INTEGER NOT NULL DEFAULT 0;
