-- The version of the blocking keys (the core's `NAME_KEYS_VERSION`) every
-- person is filed under. A start that finds an older one files everyone
-- again: version 2 added the whole name without spaces (Nur Hayati /
-- Nurhayati) and the one-letter-typo keys of each name word.
CREATE TABLE registry_state (name_keys_version INTEGER NOT NULL);
INSERT INTO registry_state (name_keys_version) VALUES (1);
