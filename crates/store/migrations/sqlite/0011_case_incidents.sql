-- The GBV incident of a case (GBVIMS): the type derived from the answers,
-- the reporting delay, and the narrative sealed like case notes.
CREATE TABLE case_incidents (
    case_id                  BLOB PRIMARY KEY REFERENCES cases (id),
    answers                  TEXT NOT NULL,
    gbv_type                 TEXT NOT NULL,
    contexts                 TEXT NOT NULL,
    incident_date            TEXT NOT NULL,
    first_report_date        TEXT NOT NULL,
    reporting_delay          TEXT NOT NULL,
    perpetrator_relationship TEXT,
    reporting_consent        INTEGER NOT NULL,
    sealed_narrative         TEXT,
    updated_at               TEXT NOT NULL
);
