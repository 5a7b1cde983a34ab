-- Migration episodes with their recruitment costs (SDG 10.7.1 inputs),
-- households, family links, and merged duplicates.
CREATE TABLE households (
    id            UUID PRIMARY KEY,
    district_code TEXT NOT NULL REFERENCES areas (code),
    village_code  TEXT REFERENCES areas (code),
    address       TEXT,
    head_id       UUID,
    created_by    UUID REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL
);

-- The stage of the latest episode (for list filters), the household, and
-- for a record merged into another, that other.
ALTER TABLE people ADD COLUMN stage TEXT;
ALTER TABLE people ADD COLUMN household_id UUID REFERENCES households (id);
ALTER TABLE people ADD COLUMN merged_into UUID REFERENCES people (id);
CREATE INDEX people_stage ON people (stage, district_code);
CREATE INDEX people_household ON people (household_id);

CREATE TABLE migration_episodes (
    id                  UUID PRIMARY KEY,
    person_id           UUID NOT NULL REFERENCES people (id),
    stage               TEXT NOT NULL,
    destination         TEXT,
    sector              TEXT,
    occupation          TEXT,
    employer            TEXT,
    placement_agency_id UUID REFERENCES organisations (id),
    departure_date      DATE,
    return_date         DATE,
    documented          BOOLEAN,
    external_ids        TEXT NOT NULL,
    earnings_hundredths BIGINT,
    earnings_currency   TEXT,
    note                TEXT,
    recorded_by         UUID REFERENCES users (id),
    created_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX migration_episodes_person ON migration_episodes (person_id);

CREATE TABLE recruitment_costs (
    episode_id UUID NOT NULL REFERENCES migration_episodes (id),
    position   INTEGER NOT NULL,
    item       TEXT NOT NULL,
    hundredths BIGINT NOT NULL,
    currency   TEXT NOT NULL,
    paid_on    DATE,
    PRIMARY KEY (episode_id, position)
);

-- What the relative is to the person (stored once; the other side reads
-- the inverse).
CREATE TABLE family_links (
    person_id    UUID NOT NULL REFERENCES people (id),
    relative_id  UUID NOT NULL REFERENCES people (id),
    relationship TEXT NOT NULL,
    created_by   UUID REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, relative_id),
    CHECK (person_id <> relative_id)
);
CREATE INDEX family_links_relative ON family_links (relative_id);

INSERT INTO role_permissions (role_code, permission, scope) VALUES
    ('supervisor', 'people_merge', 'district'),
    ('front_desk', 'people_merge', 'district');
