-- Villages and community: village registration of prospective migrant
-- workers, departure and return notices, early warnings; the task-force
-- member's role and who may do what.

CREATE TABLE village_registrations (
    id                          UUID PRIMARY KEY,
    person_id                   UUID NOT NULL REFERENCES people (id),
    village_code                TEXT NOT NULL,
    organisation_id             UUID NOT NULL REFERENCES organisations (id),
    destination                 TEXT NOT NULL,
    sector                      TEXT,
    occupation                  TEXT,
    agency_id                   UUID REFERENCES organisations (id),
    job_offer                   BOOLEAN NOT NULL,
    job_offer_date              DATE,
    permission_relative         TEXT,
    permission_relation         TEXT,
    permission_acknowledged_by  TEXT,
    permission_acknowledged_on  DATE,
    seen_ktp                    BOOLEAN NOT NULL,
    seen_family_card            BOOLEAN NOT NULL,
    seen_passport               BOOLEAN NOT NULL,
    status                      TEXT NOT NULL CHECK (status IN ('submitted', 'verified', 'returned')),
    return_reason               TEXT,
    decided_by                  UUID REFERENCES users (id),
    decided_at                  TIMESTAMPTZ,
    created_by                  UUID REFERENCES users (id),
    created_at                  TIMESTAMPTZ NOT NULL
);
CREATE INDEX village_registrations_village ON village_registrations (village_code, created_at);
CREATE INDEX village_registrations_person ON village_registrations (person_id);
CREATE INDEX village_registrations_verified ON village_registrations (status, village_code);

-- Departures and returns.
CREATE TABLE migration_notices (
    id              UUID PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('departure', 'return')),
    person_id       UUID NOT NULL REFERENCES people (id),
    village_code    TEXT NOT NULL,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    on_date         DATE NOT NULL,
    country         TEXT NOT NULL,
    channel         TEXT,
    reason          TEXT,
    reported_by     TEXT NOT NULL,
    follow_up       TEXT,
    warning_id      UUID,
    created_by      UUID REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX migration_notices_village ON migration_notices (village_code, created_at);
CREATE INDEX migration_notices_person ON migration_notices (person_id, kind, on_date);

-- What a returnee needs: one row per need, for counting.
CREATE TABLE return_needs (
    notice_id UUID NOT NULL REFERENCES migration_notices (id),
    need      TEXT NOT NULL,
    PRIMARY KEY (notice_id, need)
);

CREATE TABLE early_warnings (
    id                     UUID PRIMARY KEY,
    kind                   TEXT NOT NULL,
    urgency                TEXT NOT NULL CHECK (urgency IN ('urgent', 'normal')),
    village_code           TEXT NOT NULL,
    person_id              UUID REFERENCES people (id),
    partner_id             UUID REFERENCES organisations (id),
    summary                TEXT NOT NULL,
    restricted             BOOLEAN NOT NULL,
    raised_by              UUID REFERENCES users (id),
    raised_by_organisation UUID NOT NULL,
    raised_at              TIMESTAMPTZ NOT NULL,
    due_at                 TIMESTAMPTZ NOT NULL,
    acknowledged_by        UUID REFERENCES users (id),
    acknowledged_at        TIMESTAMPTZ,
    outcome                TEXT CHECK (outcome IN ('case_opened', 'referred', 'closed')),
    outcome_note           TEXT,
    case_id                UUID REFERENCES cases (id),
    ended_by               UUID REFERENCES users (id),
    ended_at               TIMESTAMPTZ,
    CHECK (NOT restricted OR partner_id IS NOT NULL)
);
CREATE INDEX early_warnings_village ON early_warnings (village_code, due_at);
CREATE INDEX early_warnings_partner ON early_warnings (partner_id, due_at);
CREATE INDEX early_warnings_raised_by ON early_warnings (raised_by, due_at);

INSERT INTO roles (code, sort, requires_totp) VALUES ('task_force_member', 10, FALSE);

INSERT INTO role_permissions (role_code, permission, scope) VALUES
    ('village_officer', 'community_read', 'own'),
    ('village_officer', 'community_write', 'own'),
    ('village_officer', 'community_verify', 'own'),

    ('task_force_member', 'directory_read', 'all'),
    ('task_force_member', 'people_read', 'own'),
    ('task_force_member', 'people_write', 'own'),
    ('task_force_member', 'community_read', 'own'),
    ('task_force_member', 'community_write', 'own'),

    ('district_coordinator', 'community_read', 'district'),
    ('district_coordinator', 'warnings_handle', 'district'),

    ('front_desk', 'community_read', 'district'),

    ('supervisor', 'warnings_handle', 'organisation'),
    ('case_worker', 'warnings_handle', 'organisation'),
    ('counsellor', 'warnings_handle', 'organisation'),
    ('paralegal', 'warnings_handle', 'organisation');

-- Audit entries about an early warning name it, so that the log leaves out
-- those about restricted warnings outside need-to-know.
ALTER TABLE audit_log ADD COLUMN subject_warning UUID;
CREATE INDEX audit_log_subject_warning ON audit_log (subject_warning, seq);
CREATE INDEX early_warnings_restricted ON early_warnings (id) WHERE restricted;

-- The outbox carries e-mails about early warnings too; a warning is chased
-- once when it is overdue.
ALTER TABLE outbox ALTER COLUMN referral_id DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN warning_id UUID REFERENCES early_warnings (id);
ALTER TABLE outbox ADD CONSTRAINT outbox_subject CHECK (referral_id IS NOT NULL OR warning_id IS NOT NULL);
ALTER TABLE early_warnings ADD COLUMN overdue_notified BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX early_warnings_waiting ON early_warnings (due_at) WHERE acknowledged_at IS NULL AND outcome IS NULL;
