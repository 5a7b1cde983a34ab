-- Labour complaints (respondent, claims, mediation, settlement, escalation)
-- and transfers of cases between organisations.
CREATE TABLE case_complaints (
    case_id                    UUID PRIMARY KEY REFERENCES cases (id),
    respondent_organisation_id UUID REFERENCES organisations (id),
    respondent_name            TEXT,
    claims                     TEXT NOT NULL,
    settled_on                 DATE,
    recovered_hundredths       BIGINT,
    recovered_currency         TEXT,
    settlement_terms           TEXT,
    updated_at                 TIMESTAMPTZ NOT NULL
);

CREATE TABLE mediation_sessions (
    id      UUID PRIMARY KEY,
    case_id UUID NOT NULL REFERENCES cases (id),
    held_on DATE NOT NULL,
    parties TEXT NOT NULL,
    result  TEXT NOT NULL,
    note    TEXT
);
CREATE INDEX mediation_sessions_case ON mediation_sessions (case_id, held_on);

CREATE TABLE case_escalations (
    id        UUID PRIMARY KEY,
    case_id   UUID NOT NULL REFERENCES cases (id),
    channel   TEXT NOT NULL,
    date      DATE NOT NULL,
    reference TEXT
);
CREATE INDEX case_escalations_case ON case_escalations (case_id);

CREATE TABLE case_transfers (
    id                   UUID PRIMARY KEY,
    case_id              UUID NOT NULL REFERENCES cases (id),
    from_organisation_id UUID NOT NULL REFERENCES organisations (id),
    to_organisation_id   UUID NOT NULL REFERENCES organisations (id),
    reason               TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('requested', 'accepted', 'declined')),
    requested_by         UUID NOT NULL REFERENCES users (id),
    requested_at         TIMESTAMPTZ NOT NULL,
    decided_by           UUID REFERENCES users (id),
    decided_at           TIMESTAMPTZ,
    comment              TEXT
);
CREATE INDEX case_transfers_case ON case_transfers (case_id);
CREATE INDEX case_transfers_incoming ON case_transfers (to_organisation_id, status);
