-- Need-to-know for restricted records (GBV and trafficking cases, and any
-- other record marked restricted): who owns it, which organisation holds it,
-- who is assigned. Only they, and the holding organisation's supervisors,
-- may learn the record exists.
CREATE TABLE restricted_records (
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    owner_id        UUID NOT NULL REFERENCES users (id),
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (entity, entity_id)
);

CREATE TABLE restricted_record_assignees (
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    user_id   UUID NOT NULL REFERENCES users (id),
    PRIMARY KEY (entity, entity_id, user_id),
    FOREIGN KEY (entity, entity_id) REFERENCES restricted_records (entity, entity_id)
);
CREATE INDEX restricted_record_assignees_user ON restricted_record_assignees (user_id);
