-- People are looked up by household and by the user who registered them
-- only for a given one (`= $1`), and most people have no household, nor a
-- registering user when they came in by bulk import. An index over all those
-- NULLs cost every insert a walk to the end of one huge group of duplicates
-- (about 10 of the 48 seconds that PostgreSQL spent writing the people rows
-- of a million-row import); without them, the index holds only what is
-- looked up.
DROP INDEX people_household;
CREATE INDEX people_household ON people (household_id) WHERE household_id IS NOT NULL;
DROP INDEX people_registered_by;
CREATE INDEX people_registered_by ON people (registered_by) WHERE registered_by IS NOT NULL;
