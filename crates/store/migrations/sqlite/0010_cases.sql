-- Cases by the coordinated SOP, their users, tasks, sealed notes and
-- supervisor approvals; the SOP's first-action deadlines per district.
CREATE TABLE cases (
    id                       BLOB PRIMARY KEY,
    person_id                BLOB NOT NULL REFERENCES people (id),
    kind                     TEXT NOT NULL,
    status                   TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    stage                    TEXT NOT NULL,
    risk                     TEXT NOT NULL CHECK (risk IN ('high', 'medium', 'low')),
    owner_id                 BLOB NOT NULL REFERENCES users (id),
    organisation_id          BLOB NOT NULL REFERENCES organisations (id),
    district_code            TEXT NOT NULL REFERENCES areas (code),
    restricted               INTEGER NOT NULL,
    needs                    TEXT NOT NULL,
    labour_categories        TEXT NOT NULL,
    forced_labour_indicators TEXT NOT NULL,
    trafficking_dimensions   TEXT NOT NULL,
    opened_at                TEXT NOT NULL,
    first_action_due         TEXT NOT NULL,
    first_action_at          TEXT,
    closed_at                TEXT,
    closure_reason           TEXT,
    outcome                  TEXT,
    pending_approval         BLOB,
    updated_at               TEXT NOT NULL
);
CREATE INDEX cases_organisation ON cases (organisation_id, status, opened_at);
CREATE INDEX cases_owner ON cases (owner_id, status, opened_at);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_district ON cases (district_code, status, opened_at);

CREATE TABLE case_assignees (
    case_id BLOB NOT NULL REFERENCES cases (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_assignees_user ON case_assignees (user_id);

CREATE TABLE case_tasks (
    id          BLOB PRIMARY KEY,
    case_id     BLOB NOT NULL REFERENCES cases (id),
    what        TEXT NOT NULL,
    assignee_id BLOB NOT NULL REFERENCES users (id),
    due         TEXT,
    done_at     TEXT,
    created_by  BLOB REFERENCES users (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks (case_id);
CREATE INDEX case_tasks_assignee ON case_tasks (assignee_id, done_at, due);

-- The text is sealed (XChaCha20-Poly1305) with a key kept outside the database.
CREATE TABLE case_notes (
    id         BLOB PRIMARY KEY,
    case_id    BLOB NOT NULL REFERENCES cases (id),
    sealed     TEXT NOT NULL,
    author_id  BLOB REFERENCES users (id),
    created_at TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);

CREATE TABLE case_approvals (
    id             BLOB PRIMARY KEY,
    case_id        BLOB NOT NULL REFERENCES cases (id),
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    closure_reason TEXT,
    outcome        TEXT,
    requested_by   BLOB NOT NULL REFERENCES users (id),
    requested_at   TEXT NOT NULL,
    decided_by     BLOB REFERENCES users (id),
    decided_at     TEXT,
    comment        TEXT
);
CREATE INDEX case_approvals_case ON case_approvals (case_id);

CREATE TABLE sop_settings (
    district_code TEXT PRIMARY KEY REFERENCES areas (code),
    high_hours    INTEGER NOT NULL,
    medium_hours  INTEGER NOT NULL,
    low_hours     INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
);
