-- The Village Task Force's roster, and union organising (who joined a union
-- or a migrant workers' association, and left).

CREATE TABLE task_force_members (
    id           BLOB PRIMARY KEY,
    village_code TEXT NOT NULL REFERENCES areas (code),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    sex          TEXT NOT NULL CHECK (sex IN ('female', 'male')),
    origin       TEXT NOT NULL,
    active_from  TEXT NOT NULL,
    active_to    TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX task_force_members_village ON task_force_members (village_code);

CREATE TABLE memberships (
    id              BLOB PRIMARY KEY,
    person_id       BLOB NOT NULL REFERENCES people (id),
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    joined_on       TEXT NOT NULL,
    facilitated_by  BLOB REFERENCES organisations (id),
    left_on         TEXT,
    created_by      BLOB REFERENCES users (id),
    created_at      TEXT NOT NULL
);
CREATE INDEX memberships_person ON memberships (person_id);
CREATE INDEX memberships_organisation ON memberships (organisation_id, joined_on);
