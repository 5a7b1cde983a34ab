-- Consent per purpose, given or withdrawn (append-only history).
CREATE TABLE consents (
    id                       UUID PRIMARY KEY,
    person_id                UUID NOT NULL REFERENCES people (id),
    purpose                  TEXT NOT NULL,
    status                   TEXT NOT NULL CHECK (status IN ('given', 'withdrawn')),
    method                   TEXT NOT NULL,
    date                     DATE NOT NULL,
    organisation_id          UUID REFERENCES organisations (id),
    note                     TEXT,
    recorded_by              UUID REFERENCES users (id),
    recorded_by_organisation UUID REFERENCES organisations (id),
    created_at               TIMESTAMPTZ NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, purpose);
