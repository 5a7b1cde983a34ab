-- What each audit entry is about, so that the log leaves out, for each
-- reader, entries about what they may not know. Derived from the entry (not
-- part of its hash). Entries written before this migration have none.
ALTER TABLE audit_log ADD COLUMN subject_person BLOB;
ALTER TABLE audit_log ADD COLUMN subject_case BLOB;
ALTER TABLE audit_log ADD COLUMN subject_referral BLOB;
ALTER TABLE audit_log ADD COLUMN subject_visit BLOB;
ALTER TABLE audit_log ADD COLUMN subject_organisation BLOB;

-- The few records the filters look for.
CREATE INDEX people_confidential ON people (id) WHERE confidential;
CREATE INDEX cases_restricted ON cases (id) WHERE restricted;
