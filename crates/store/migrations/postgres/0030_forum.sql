-- The Tripartite Plus Forum's action items, and the register of local regulations.

CREATE TABLE forum_actions (
    id              UUID PRIMARY KEY,
    district_code   TEXT NOT NULL REFERENCES areas (code),
    meeting_id      UUID REFERENCES activities (id),
    decision        TEXT NOT NULL,
    owner_id        UUID NOT NULL REFERENCES organisations (id),
    due_on          DATE NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_on       DATE,
    evidence        TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX forum_actions_district ON forum_actions (district_code, status, due_on);
CREATE INDEX forum_actions_owner ON forum_actions (owner_id, status, due_on);

CREATE TABLE regulations (
    id         UUID PRIMARY KEY,
    level      TEXT NOT NULL CHECK (level IN ('district', 'village')),
    area_code  TEXT NOT NULL REFERENCES areas (code),
    number     TEXT,
    issued_on  DATE,
    title      TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'revoked')),
    topic      TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX regulations_area ON regulations (area_code);
