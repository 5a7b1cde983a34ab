-- Whether the person filed under a key may be hidden from a reader (a
-- need-to-know person), copied from `people.confidential`: the duplicate
-- match checks need-to-know only for the keys of such people, instead of
-- one lookup in `people` for every hit. TRUE unless the writer knows
-- better: a key filed without it is checked, never shown by mistake. The
-- trigger keeps it should a person's confidentiality ever change. In the
-- primary key's index (INCLUDE), so that the match still reads the index
-- alone.
ALTER TABLE person_name_keys ADD COLUMN confidential BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE person_name_keys k SET confidential = FALSE
    WHERE NOT EXISTS (SELECT 1 FROM people p WHERE p.id = k.person_id AND p.confidential);
ALTER TABLE person_name_keys DROP CONSTRAINT person_name_keys_by_district_pkey;
ALTER TABLE person_name_keys ADD CONSTRAINT person_name_keys_by_district_pkey
    PRIMARY KEY (district_code, key, person_id) INCLUDE (confidential);
CREATE FUNCTION people_confidential_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE person_name_keys SET confidential = NEW.confidential WHERE person_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER people_confidential_keys AFTER UPDATE OF confidential ON people
    FOR EACH ROW WHEN (NEW.confidential IS DISTINCT FROM OLD.confidential)
    EXECUTE FUNCTION people_confidential_keys();
