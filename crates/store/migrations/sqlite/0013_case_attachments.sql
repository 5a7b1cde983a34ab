-- Files attached to cases, sealed (XChaCha20-Poly1305) before storage.
CREATE TABLE case_attachments (
    id           BLOB PRIMARY KEY,
    case_id      BLOB NOT NULL REFERENCES cases (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sealed       BLOB NOT NULL,
    uploaded_by  BLOB REFERENCES users (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id, created_at);
