-- Areas (Kemendagri), organisations and offices. PostgreSQL.
CREATE TABLE areas (
    code        TEXT PRIMARY KEY,
    parent_code TEXT REFERENCES areas (code),
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    name        TEXT NOT NULL
);
CREATE INDEX areas_parent_name ON areas (parent_code, name);
CREATE INDEX areas_level_name ON areas (level, name);

CREATE TABLE organisations (
    id         UUID PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    area_code  TEXT NOT NULL REFERENCES areas (code),
    parent_id  UUID REFERENCES organisations (id),
    phone      TEXT,
    email      TEXT,
    address    TEXT,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisations_area ON organisations (area_code text_pattern_ops);
CREATE INDEX organisations_kind_name ON organisations (kind, name);
CREATE INDEX organisations_name ON organisations (name);

CREATE TABLE offices (
    id              UUID PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    area_code       TEXT NOT NULL REFERENCES areas (code),
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    address         TEXT NOT NULL,
    phone           TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX offices_area ON offices (area_code text_pattern_ops);
CREATE INDEX offices_organisation ON offices (organisation_id);

CREATE TABLE office_members (
    office_id       UUID NOT NULL REFERENCES offices (id),
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (office_id, organisation_id)
);
CREATE INDEX office_members_organisation ON office_members (organisation_id);
