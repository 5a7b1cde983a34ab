-- Cases by the coordinated SOP, their users, tasks, sealed notes and
-- supervisor approvals; the SOP's first-action deadlines per district.
CREATE TABLE cases (
    id                       UUID PRIMARY KEY,
    person_id                UUID NOT NULL REFERENCES people (id),
    kind                     TEXT NOT NULL,
    status                   TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    stage                    TEXT NOT NULL,
    risk                     TEXT NOT NULL CHECK (risk IN ('high', 'medium', 'low')),
    owner_id                 UUID NOT NULL REFERENCES users (id),
    organisation_id          UUID NOT NULL REFERENCES organisations (id),
    district_code            TEXT NOT NULL REFERENCES areas (code),
    restricted               BOOLEAN NOT NULL,
    needs                    TEXT NOT NULL,
    labour_categories        TEXT NOT NULL,
    forced_labour_indicators TEXT NOT NULL,
    trafficking_dimensions   TEXT NOT NULL,
    opened_at                TIMESTAMPTZ NOT NULL,
    first_action_due         TIMESTAMPTZ NOT NULL,
    first_action_at          TIMESTAMPTZ,
    closed_at                TIMESTAMPTZ,
    closure_reason           TEXT,
    outcome                  TEXT,
    pending_approval         UUID,
    updated_at               TIMESTAMPTZ NOT NULL
);
CREATE INDEX cases_organisation ON cases (organisation_id, status, opened_at);
CREATE INDEX cases_owner ON cases (owner_id, status, opened_at);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_district ON cases (district_code, status, opened_at);

CREATE TABLE case_assignees (
    case_id UUID NOT NULL REFERENCES cases (id),
    user_id UUID NOT NULL REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_assignees_user ON case_assignees (user_id);

CREATE TABLE case_tasks (
    id          UUID PRIMARY KEY,
    case_id     UUID NOT NULL REFERENCES cases (id),
    what        TEXT NOT NULL,
    assignee_id UUID NOT NULL REFERENCES users (id),
    due         DATE,
    done_at     TIMESTAMPTZ,
    created_by  UUID REFERENCES users (id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks (case_id);
CREATE INDEX case_tasks_assignee ON case_tasks (assignee_id, done_at, due);

-- The text is sealed (XChaCha20-Poly1305) with a key kept outside the database.
CREATE TABLE case_notes (
    id         UUID PRIMARY KEY,
    case_id    UUID NOT NULL REFERENCES cases (id),
    sealed     TEXT NOT NULL,
    author_id  UUID REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id, created_at);

CREATE TABLE case_approvals (
    id             UUID PRIMARY KEY,
    case_id        UUID NOT NULL REFERENCES cases (id),
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    closure_reason TEXT,
    outcome        TEXT,
    requested_by   UUID NOT NULL REFERENCES users (id),
    requested_at   TIMESTAMPTZ NOT NULL,
    decided_by     UUID REFERENCES users (id),
    decided_at     TIMESTAMPTZ,
    comment        TEXT
);
CREATE INDEX case_approvals_case ON case_approvals (case_id);

CREATE TABLE sop_settings (
    district_code TEXT PRIMARY KEY REFERENCES areas (code),
    high_hours    INTEGER NOT NULL,
    medium_hours  INTEGER NOT NULL,
    low_hours     INTEGER NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
