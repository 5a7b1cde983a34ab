-- The report aggregates' keys carry their counts: on PostgreSQL (its
-- migration 0053 rebuilds the primary keys with `INCLUDE (n)`). SQLite's
-- aggregate tables are WITHOUT ROWID, stored in key order with their
-- counts already: nothing to do here.
SELECT 1;
