-- Consent per purpose, given or withdrawn (append-only history).
CREATE TABLE consents (
    id                       BLOB PRIMARY KEY,
    person_id                BLOB NOT NULL REFERENCES people (id),
    purpose                  TEXT NOT NULL,
    status                   TEXT NOT NULL CHECK (status IN ('given', 'withdrawn')),
    method                   TEXT NOT NULL,
    date                     TEXT NOT NULL,
    organisation_id          BLOB REFERENCES organisations (id),
    note                     TEXT,
    recorded_by              BLOB REFERENCES users (id),
    recorded_by_organisation BLOB REFERENCES organisations (id),
    created_at               TEXT NOT NULL
);
CREATE INDEX consents_person ON consents (person_id, purpose);
