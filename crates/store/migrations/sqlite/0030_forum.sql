-- The Tripartite Plus Forum's action items, and the register of local regulations.

CREATE TABLE forum_actions (
    id              BLOB PRIMARY KEY,
    district_code   TEXT NOT NULL REFERENCES areas (code),
    meeting_id      BLOB REFERENCES activities (id),
    decision        TEXT NOT NULL,
    owner_id        BLOB NOT NULL REFERENCES organisations (id),
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_on       TEXT,
    evidence        TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX forum_actions_district ON forum_actions (district_code, status, due_on);
CREATE INDEX forum_actions_owner ON forum_actions (owner_id, status, due_on);

CREATE TABLE regulations (
    id         BLOB PRIMARY KEY,
    level      TEXT NOT NULL CHECK (level IN ('district', 'village')),
    area_code  TEXT NOT NULL REFERENCES areas (code),
    number     TEXT,
    issued_on  TEXT,
    title      TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'revoked')),
    topic      TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX regulations_area ON regulations (area_code);
