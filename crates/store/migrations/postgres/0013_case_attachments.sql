-- Files attached to cases, sealed (XChaCha20-Poly1305) before storage.
CREATE TABLE case_attachments (
    id           UUID PRIMARY KEY,
    case_id      UUID NOT NULL REFERENCES cases (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sealed       BYTEA NOT NULL,
    uploaded_by  UUID REFERENCES users (id),
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id, created_at);
