-- Identity, access control and the audit log. SQLite.
CREATE TABLE roles (
    code          TEXT PRIMARY KEY,
    sort          INTEGER NOT NULL,
    requires_totp INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE role_permissions (
    role_code  TEXT NOT NULL REFERENCES roles (code),
    permission TEXT NOT NULL,
    scope      TEXT NOT NULL CHECK (scope IN ('own', 'organisation', 'district', 'all')),
    PRIMARY KEY (role_code, permission)
);

CREATE TABLE users (
    id                  BLOB PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    organisation_id     BLOB NOT NULL REFERENCES organisations (id),
    home_area_code      TEXT NOT NULL REFERENCES areas (code),
    password_hash       TEXT NOT NULL,
    totp_secret         TEXT,
    disabled            INTEGER NOT NULL DEFAULT 0,
    failed_attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    password_changed_at TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE user_roles (
    user_id   BLOB NOT NULL REFERENCES users (id),
    role_code TEXT NOT NULL REFERENCES roles (code),
    PRIMARY KEY (user_id, role_code)
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BLOB NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           BLOB PRIMARY KEY,
    user_id      BLOB NOT NULL REFERENCES users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at_micros  INTEGER NOT NULL,
    actor_id   BLOB,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT,
    details    TEXT NOT NULL,
    op_id      TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- The head of the audit chain: the last sequence number and hash. Appends
-- update it first, which serialises them (a row lock, or SQLite's writer lock).
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
