-- Referrals from cases to services of the directory, the districts' referral
-- pathways, in-app notifications and the e-mail outbox. PostgreSQL.
CREATE TABLE referrals (
    id                   UUID PRIMARY KEY,
    case_id              UUID NOT NULL REFERENCES cases (id),
    person_id            UUID NOT NULL REFERENCES people (id),
    service_id           UUID NOT NULL REFERENCES services (id),
    from_organisation_id UUID NOT NULL REFERENCES organisations (id),
    to_organisation_id   UUID NOT NULL REFERENCES organisations (id),
    sent_by              UUID NOT NULL REFERENCES users (id),
    need                 TEXT,
    urgency              TEXT NOT NULL CHECK (urgency IN ('emergency', 'urgent', 'routine')),
    -- Sealed (keys outside the database), like case notes.
    reason_sealed        TEXT NOT NULL,
    -- Codes of what is shared, comma-separated.
    shared               TEXT NOT NULL,
    consent_id           UUID REFERENCES consents (id),
    override_by          UUID REFERENCES users (id),
    override_sealed      TEXT,
    status               TEXT NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'completed', 'cancelled')),
    sent_at              TIMESTAMPTZ NOT NULL,
    answer_due           TIMESTAMPTZ NOT NULL,
    completion_due       DATE NOT NULL,
    answered_at          TIMESTAMPTZ,
    answered_by          UUID REFERENCES users (id),
    answered_via         TEXT CHECK (answered_via IN ('app', 'link')),
    decline_reason       TEXT,
    completed_at         TIMESTAMPTZ,
    feedback_sealed      TEXT,
    cancelled_at         TIMESTAMPTZ,
    external             BOOLEAN NOT NULL,
    link_nonce           TEXT,
    link_code_hash       TEXT UNIQUE,
    link_code_sealed     TEXT,
    link_expires_at      TIMESTAMPTZ,
    overdue_notified     TEXT,
    updated_at           TIMESTAMPTZ NOT NULL,
    CHECK (consent_id IS NOT NULL OR override_by IS NOT NULL)
);
CREATE INDEX referrals_case ON referrals (case_id, sent_at);
CREATE INDEX referrals_to ON referrals (to_organisation_id, status, sent_at);
CREATE INDEX referrals_from ON referrals (from_organisation_id, status, sent_at);
CREATE INDEX referrals_sender ON referrals (sent_by, status, sent_at);
CREATE INDEX referrals_answer_due ON referrals (status, answer_due);
CREATE INDEX referrals_completion_due ON referrals (status, completion_due);

CREATE TABLE referral_pathways (
    district_code TEXT NOT NULL REFERENCES areas (code),
    need          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    service_id    UUID NOT NULL REFERENCES services (id),
    PRIMARY KEY (district_code, need, position)
);

-- To a user, or to everyone of an organisation who handles referrals.
CREATE TABLE notifications (
    id              UUID PRIMARY KEY,
    user_id         UUID REFERENCES users (id),
    organisation_id UUID REFERENCES organisations (id),
    kind            TEXT NOT NULL,
    referral_id     UUID NOT NULL REFERENCES referrals (id),
    created_at      TIMESTAMPTZ NOT NULL,
    read_at         TIMESTAMPTZ,
    CHECK (user_id IS NOT NULL OR organisation_id IS NOT NULL)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_organisation ON notifications (organisation_id, created_at);

-- E-mails to send; their text is written when sent and carries no personal data.
CREATE TABLE outbox (
    id              UUID PRIMARY KEY,
    to_address      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    referral_id     UUID NOT NULL REFERENCES referrals (id),
    created_at      TIMESTAMPTZ NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, attempts, created_at);
