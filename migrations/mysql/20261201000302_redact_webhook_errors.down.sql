-- The texts removed cannot come back; nothing to undo.
SELECT 1;
