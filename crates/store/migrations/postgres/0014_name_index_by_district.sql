-- Name tokens and blocking keys carry the person's district first: searches
-- and duplicate checks, scoped to a district, then read only that district's
-- part of the index (at a million people, the registry-wide lists of a
-- common name are long).
CREATE TABLE person_name_tokens_by_district (
    district_code TEXT NOT NULL,
    token         TEXT NOT NULL,
    person_id     UUID NOT NULL REFERENCES people (id),
    PRIMARY KEY (district_code, token, person_id)
);
INSERT INTO person_name_tokens_by_district (district_code, token, person_id)
    SELECT p.district_code, t.token, t.person_id FROM person_name_tokens t JOIN people p ON p.id = t.person_id;
DROP TABLE person_name_tokens;
ALTER TABLE person_name_tokens_by_district RENAME TO person_name_tokens;
CREATE INDEX person_name_tokens_token ON person_name_tokens (token, person_id);
CREATE INDEX person_name_tokens_person ON person_name_tokens (person_id);

CREATE TABLE person_name_keys_by_district (
    district_code TEXT NOT NULL,
    key           TEXT NOT NULL,
    person_id     UUID NOT NULL REFERENCES people (id),
    PRIMARY KEY (district_code, key, person_id)
);
INSERT INTO person_name_keys_by_district (district_code, key, person_id)
    SELECT p.district_code, k.key, k.person_id FROM person_name_keys k JOIN people p ON p.id = k.person_id;
DROP TABLE person_name_keys;
ALTER TABLE person_name_keys_by_district RENAME TO person_name_keys;
CREATE INDEX person_name_keys_key ON person_name_keys (key, person_id);
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);
