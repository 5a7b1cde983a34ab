-- Forms that met an ended session (issue 14): kept a short while so that
-- what was typed comes back after signing in. Found by the hash of a random
-- id carried in the sign-in URL; the fields are sealed (keyring, bound to
-- the hash); given back once, then deleted; expired ones are deleted when
-- the next draft is kept. `user_id`: the user whose session ended, if known.
CREATE TABLE session_drafts (
    id_hash       TEXT PRIMARY KEY,
    user_id       BLOB REFERENCES users (id),
    action        TEXT NOT NULL,
    return_to     TEXT NOT NULL,
    sealed_fields TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX session_drafts_expiry ON session_drafts (expires_at);
