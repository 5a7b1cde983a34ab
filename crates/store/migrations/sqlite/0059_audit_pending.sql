-- Audit entries committed with their write and not yet linked into the
-- chain. On PostgreSQL every audited write inserts its entry here, in its own
-- transaction, and one sequencer moves the committed entries into
-- `audit_log` in batches, extending the chain once per batch (the head row
-- is no longer held by every writer until its commit). Emptied as they are
-- linked, and at every start after a crash. SQLite's one writer extends the
-- chain directly and leaves this table empty; it exists there so that both
-- engines have the same tables.
CREATE TABLE audit_pending (
    id         INTEGER PRIMARY KEY,
    at_micros  INTEGER NOT NULL,
    actor_id   BLOB,
    actor_name TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT,
    details    TEXT NOT NULL,
    op_id      TEXT NOT NULL
);
