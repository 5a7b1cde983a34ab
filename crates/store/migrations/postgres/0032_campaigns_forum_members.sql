-- Online campaigns (reach and engagement as the platforms report them), and
-- the members of each district's Tripartite Plus Forum.

CREATE TABLE campaigns (
    id              UUID PRIMARY KEY,
    platform        TEXT NOT NULL,
    area_code       TEXT NOT NULL REFERENCES areas (code),
    organiser_id    UUID NOT NULL REFERENCES organisations (id),
    topic           TEXT NOT NULL,
    title           TEXT NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE NOT NULL,
    reach           BIGINT NOT NULL CHECK (reach >= 0),
    women_reached   BIGINT CHECK (women_reached >= 0 AND women_reached <= reach),
    engagement      BIGINT CHECK (engagement >= 0),
    created_by      UUID REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_area ON campaigns (area_code, starts_on);
CREATE INDEX campaigns_organiser ON campaigns (organiser_id, starts_on);

CREATE TABLE forum_members (
    id              UUID PRIMARY KEY,
    district_code   TEXT NOT NULL REFERENCES areas (code),
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    seat            TEXT NOT NULL,
    representative  TEXT,
    joined_on       DATE NOT NULL,
    left_on         DATE,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX forum_members_district ON forum_members (district_code, left_on);
-- One seat of a kind per organisation at a time.
CREATE UNIQUE INDEX forum_members_seated ON forum_members (district_code, organisation_id, seat) WHERE left_on IS NULL;
