-- Further phone numbers of a person, searchable like the first.
ALTER TABLE people ADD COLUMN other_phones TEXT NOT NULL DEFAULT '[]';
CREATE TABLE person_phones (
    phone     TEXT NOT NULL,
    person_id UUID NOT NULL REFERENCES people (id),
    PRIMARY KEY (phone, person_id)
);
CREATE INDEX person_phones_person ON person_phones (person_id);
