-- Labour complaints (respondent, claims, mediation, settlement, escalation)
-- and transfers of cases between organisations.
CREATE TABLE case_complaints (
    case_id                    BLOB PRIMARY KEY REFERENCES cases (id),
    respondent_organisation_id BLOB REFERENCES organisations (id),
    respondent_name            TEXT,
    claims                     TEXT NOT NULL,
    settled_on                 TEXT,
    recovered_hundredths       BIGINT,
    recovered_currency         TEXT,
    settlement_terms           TEXT,
    updated_at                 TEXT NOT NULL
);

CREATE TABLE mediation_sessions (
    id      BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases (id),
    held_on TEXT NOT NULL,
    parties TEXT NOT NULL,
    result  TEXT NOT NULL,
    note    TEXT
);
CREATE INDEX mediation_sessions_case ON mediation_sessions (case_id, held_on);

CREATE TABLE case_escalations (
    id        BLOB PRIMARY KEY,
    case_id   BLOB NOT NULL REFERENCES cases (id),
    channel   TEXT NOT NULL,
    date      TEXT NOT NULL,
    reference TEXT
);
CREATE INDEX case_escalations_case ON case_escalations (case_id);

CREATE TABLE case_transfers (
    id                   BLOB PRIMARY KEY,
    case_id              BLOB NOT NULL REFERENCES cases (id),
    from_organisation_id BLOB NOT NULL REFERENCES organisations (id),
    to_organisation_id   BLOB NOT NULL REFERENCES organisations (id),
    reason               TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('requested', 'accepted', 'declined')),
    requested_by         BLOB NOT NULL REFERENCES users (id),
    requested_at         TEXT NOT NULL,
    decided_by           BLOB REFERENCES users (id),
    decided_at           TEXT,
    comment              TEXT
);
CREATE INDEX case_transfers_case ON case_transfers (case_id);
CREATE INDEX case_transfers_incoming ON case_transfers (to_organisation_id, status);
