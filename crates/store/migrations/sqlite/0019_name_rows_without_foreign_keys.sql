-- Name tokens and blocking keys are search keys derived from a person's
-- names: written, replaced and removed only with the person (registration,
-- import, merge), in the same transaction. Their foreign key to people cost
-- a lookup per name row at import and guarded nothing the code that writes
-- them does not (see the PostgreSQL migration). SQLite cannot drop a
-- constraint, so the tables are rebuilt, now WITHOUT ROWID: the rows live in
-- their primary key's B-tree, one tree to write instead of two.
CREATE TABLE person_name_tokens_v2 (
    district_code TEXT NOT NULL,
    token         TEXT NOT NULL,
    person_id     BLOB NOT NULL,
    PRIMARY KEY (district_code, token, person_id)
) WITHOUT ROWID;
INSERT INTO person_name_tokens_v2 (district_code, token, person_id)
    SELECT district_code, token, person_id FROM person_name_tokens;
DROP TABLE person_name_tokens;
ALTER TABLE person_name_tokens_v2 RENAME TO person_name_tokens;
CREATE INDEX person_name_tokens_person ON person_name_tokens (person_id);

CREATE TABLE person_name_keys_v2 (
    district_code TEXT NOT NULL,
    key           TEXT NOT NULL,
    person_id     BLOB NOT NULL,
    PRIMARY KEY (district_code, key, person_id)
) WITHOUT ROWID;
INSERT INTO person_name_keys_v2 (district_code, key, person_id)
    SELECT district_code, key, person_id FROM person_name_keys;
DROP TABLE person_name_keys;
ALTER TABLE person_name_keys_v2 RENAME TO person_name_keys;
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);
