-- The audit log's filters by person, case and date (issue 14): entries about
-- a person, a case or a referral, and entries by time.
CREATE INDEX audit_log_subject_person ON audit_log (subject_person, seq);
CREATE INDEX audit_log_subject_case ON audit_log (subject_case, seq);
CREATE INDEX audit_log_subject_referral ON audit_log (subject_referral, seq);
CREATE INDEX audit_log_subject_visit ON audit_log (subject_visit, seq);
CREATE INDEX audit_log_at ON audit_log (at_micros);
