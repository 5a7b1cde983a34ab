-- Identity, access control and the audit log. PostgreSQL.
CREATE TABLE roles (
    code          TEXT PRIMARY KEY,
    sort          INTEGER NOT NULL,
    requires_totp BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE role_permissions (
    role_code  TEXT NOT NULL REFERENCES roles (code),
    permission TEXT NOT NULL,
    scope      TEXT NOT NULL CHECK (scope IN ('own', 'organisation', 'district', 'all')),
    PRIMARY KEY (role_code, permission)
);

CREATE TABLE users (
    id                  UUID PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    organisation_id     UUID NOT NULL REFERENCES organisations (id),
    home_area_code      TEXT NOT NULL REFERENCES areas (code),
    password_hash       TEXT NOT NULL,
    totp_secret         TEXT,
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    failed_attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until        TIMESTAMPTZ,
    password_changed_at TIMESTAMPTZ NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE user_roles (
    user_id   UUID NOT NULL REFERENCES users (id),
    role_code TEXT NOT NULL REFERENCES roles (code),
    PRIMARY KEY (user_id, role_code)
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           UUID PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at_micros  BIGINT NOT NULL,
    actor_id   UUID,
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

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The head of the audit chain: the last sequence number and hash. Appends
-- update it first, which serialises them (a row lock, or SQLite's writer lock).
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
