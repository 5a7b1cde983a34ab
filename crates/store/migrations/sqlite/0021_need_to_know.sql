-- Survivor safety: need-to-know people, sharing consents in force, confirmed
-- access to restricted records, account notices, supervisors managing their
-- organisation's users. SQLite.

-- A person known to the roof only through restricted work (registered by a
-- crisis centre, or registered as confidential) is need-to-know herself.
ALTER TABLE people ADD COLUMN confidential BOOLEAN NOT NULL DEFAULT FALSE;

-- The organisations a person's sharing consent is in force for, kept with
-- every consent written, so that lists can filter by it before paging.
CREATE TABLE person_shares (
    person_id       BLOB NOT NULL REFERENCES people (id),
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (person_id, organisation_id)
);
CREATE INDEX person_shares_organisation ON person_shares (organisation_id, person_id);
INSERT INTO person_shares (person_id, organisation_id)
SELECT person_id, organisation_id FROM (
    SELECT person_id, organisation_id, status,
           ROW_NUMBER() OVER (PARTITION BY person_id, organisation_id ORDER BY date DESC, created_at DESC) AS rn
    FROM consents WHERE purpose = 'share_with_partners' AND organisation_id IS NOT NULL
) latest WHERE rn = 1 AND status = 'given';

-- No account reaches restricted records until a supervisor of its
-- organisation (or the command line) confirms it. Accounts that existed
-- before keep the access they had.
ALTER TABLE users ADD COLUMN restricted_access TEXT NOT NULL DEFAULT 'pending'
    CHECK (restricted_access IN ('pending', 'confirmed', 'refused'));
ALTER TABLE users ADD COLUMN restricted_access_by BLOB REFERENCES users (id);
ALTER TABLE users ADD COLUMN restricted_access_at TEXT;
UPDATE users SET restricted_access = 'confirmed', restricted_access_at = created_at;
CREATE INDEX users_pending_access ON users (organisation_id) WHERE restricted_access = 'pending';

-- Notifications about accounts as well as referrals.
CREATE TABLE notifications_new (
    id              BLOB PRIMARY KEY,
    user_id         BLOB REFERENCES users (id),
    organisation_id BLOB REFERENCES organisations (id),
    kind            TEXT NOT NULL,
    referral_id     BLOB REFERENCES referrals (id),
    account_id      BLOB REFERENCES users (id),
    created_at      TEXT NOT NULL,
    read_at         TEXT,
    CHECK (user_id IS NOT NULL OR organisation_id IS NOT NULL),
    CHECK (referral_id IS NOT NULL OR account_id IS NOT NULL)
);
INSERT INTO notifications_new (id, user_id, organisation_id, kind, referral_id, created_at, read_at)
    SELECT id, user_id, organisation_id, kind, referral_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_user ON notifications (user_id, created_at);
CREATE INDEX notifications_organisation ON notifications (organisation_id, created_at);

-- Each partner's supervisors take on their own staff (they can give only
-- roles whose permissions they hold themselves).
INSERT INTO role_permissions (role_code, permission, scope) VALUES ('supervisor', 'users_manage', 'organisation');
