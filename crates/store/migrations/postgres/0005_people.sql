-- The person registry.
CREATE TABLE people (
    id                         UUID PRIMARY KEY,
    full_name                  TEXT NOT NULL,
    other_names                TEXT NOT NULL,
    sex                        TEXT NOT NULL CHECK (sex IN ('female', 'male')),
    birth_date                 DATE,
    estimated_age              INTEGER,
    nik                        TEXT,
    phone                      TEXT,
    village_code               TEXT REFERENCES areas (code),
    address                    TEXT,
    marital_status             TEXT,
    education                  TEXT,
    disability                 TEXT,
    note                       TEXT,
    district_code              TEXT NOT NULL REFERENCES areas (code),
    registered_by_organisation UUID NOT NULL REFERENCES organisations (id),
    registered_by              UUID REFERENCES users (id),
    created_at                 TIMESTAMPTZ NOT NULL,
    updated_at                 TIMESTAMPTZ NOT NULL
);
CREATE INDEX people_nik ON people (nik);
CREATE INDEX people_phone ON people (phone);
CREATE INDEX people_village ON people (village_code);
CREATE INDEX people_district ON people (district_code, full_name);
CREATE INDEX people_registered_by ON people (registered_by);

-- Canonical name tokens (see crates/core/src/names.rs) of every name of a
-- person, for search and duplicate detection.
CREATE TABLE person_name_tokens (
    token     TEXT NOT NULL,
    person_id UUID NOT NULL REFERENCES people (id),
    PRIMARY KEY (token, person_id)
);
CREATE INDEX person_name_tokens_person ON person_name_tokens (person_id);
CREATE INDEX person_name_tokens_prefix ON person_name_tokens (token text_pattern_ops);

-- Blocking keys for duplicate detection (token and consonant skeleton).
CREATE TABLE person_name_keys (
    key       TEXT NOT NULL,
    person_id UUID NOT NULL REFERENCES people (id),
    PRIMARY KEY (key, person_id)
);
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);
