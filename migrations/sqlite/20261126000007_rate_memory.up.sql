-- MariaDB keeps its rate counters in memory from here on; SQLite has nothing to change.
SELECT 1;
