-- Whether the person filed under a key may be hidden from a reader (a
-- need-to-know person), copied from `people.confidential`: the duplicate
-- match checks need-to-know only for the keys of such people, instead of
-- one lookup in `people` for every hit. TRUE unless the writer knows
-- better: a key filed without it is checked, never shown by mistake. The
-- trigger keeps it should a person's confidentiality ever change.
ALTER TABLE person_name_keys ADD COLUMN confidential BOOLEAN NOT NULL DEFAULT TRUE;
UPDATE person_name_keys SET confidential = FALSE
    WHERE person_id NOT IN (SELECT id FROM people WHERE confidential);
CREATE TRIGGER people_confidential_keys AFTER UPDATE OF confidential ON people
    WHEN NEW.confidential IS NOT OLD.confidential
BEGIN
    UPDATE person_name_keys SET confidential = NEW.confidential WHERE person_id = NEW.id;
END;
