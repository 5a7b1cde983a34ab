-- Name tokens and blocking keys are search keys derived from a person's
-- names: written, replaced and removed only with the person (registration,
-- import, merge), in the same transaction. Their foreign key to people cost
-- a lookup and a queued trigger event per name row (about 40 of the 160
-- seconds of importing a million people) and guarded nothing the code that
-- writes them does not; a stray row would only make a search find a person
-- id that the join to people then drops.
ALTER TABLE person_name_tokens DROP CONSTRAINT person_name_tokens_by_district_person_id_fkey;
ALTER TABLE person_name_keys DROP CONSTRAINT person_name_keys_by_district_person_id_fkey;
