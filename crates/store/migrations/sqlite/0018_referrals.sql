-- Referrals from cases to services of the directory, the districts' referral
-- pathways, in-app notifications and the e-mail outbox. SQLite.
CREATE TABLE referrals (
    id                   BLOB PRIMARY KEY,
    case_id              BLOB NOT NULL REFERENCES cases (id),
    person_id            BLOB NOT NULL REFERENCES people (id),
    service_id           BLOB NOT NULL REFERENCES services (id),
    from_organisation_id BLOB NOT NULL REFERENCES organisations (id),
    to_organisation_id   BLOB NOT NULL REFERENCES organisations (id),
    sent_by              BLOB NOT NULL REFERENCES users (id),
    need                 TEXT,
    urgency              TEXT NOT NULL CHECK (urgency IN ('emergency', 'urgent', 'routine')),
    -- Sealed (keys outside the database), like case notes.
    reason_sealed        TEXT NOT NULL,
    -- Codes of what is shared, comma-separated.
    shared               TEXT NOT NULL,
    consent_id           BLOB REFERENCES consents (id),
    override_by          BLOB REFERENCES users (id),
    override_sealed      TEXT,
    status               TEXT NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'completed', 'cancelled')),
    sent_at              TEXT NOT NULL,
    answer_due           TEXT NOT NULL,
    completion_due       TEXT NOT NULL,
    answered_at          TEXT,
    answered_by          BLOB REFERENCES users (id),
    answered_via         TEXT CHECK (answered_via IN ('app', 'link')),
    decline_reason       TEXT,
    completed_at         TEXT,
    feedback_sealed      TEXT,
    cancelled_at         TEXT,
    external             INTEGER NOT NULL,
    link_nonce           TEXT,
    link_code_hash       TEXT UNIQUE,
    link_code_sealed     TEXT,
    link_expires_at      TEXT,
    overdue_notified     TEXT,
    updated_at           TEXT NOT NULL,
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
    service_id    BLOB NOT NULL REFERENCES services (id),
    PRIMARY KEY (district_code, need, position)
);

-- To a user, or to everyone of an organisation who handles referrals.
CREATE TABLE notifications (
    id              BLOB PRIMARY KEY,
    user_id         BLOB REFERENCES users (id),
    organisation_id BLOB REFERENCES organisations (id),
    kind            TEXT NOT NULL,
    referral_id     BLOB NOT NULL REFERENCES referrals (id),
    created_at      TEXT NOT NULL,
    read_at         TEXT,
    CHECK (user_id IS NOT NULL OR organisation_id IS NOT NULL)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_organisation ON notifications (organisation_id, created_at);

-- E-mails to send; their text is written when sent and carries no personal data.
CREATE TABLE outbox (
    id              BLOB PRIMARY KEY,
    to_address      TEXT NOT NULL,
    kind            TEXT NOT NULL,
    referral_id     BLOB NOT NULL REFERENCES referrals (id),
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_attempt_at TEXT,
    sent_at         TEXT,
    last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, attempts, created_at);
