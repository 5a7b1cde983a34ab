-- The GBV incident of a case (GBVIMS): the type derived from the answers,
-- the reporting delay, and the narrative sealed like case notes.
CREATE TABLE case_incidents (
    case_id                  UUID PRIMARY KEY REFERENCES cases (id),
    answers                  TEXT NOT NULL,
    gbv_type                 TEXT NOT NULL,
    contexts                 TEXT NOT NULL,
    incident_date            DATE NOT NULL,
    first_report_date        DATE NOT NULL,
    reporting_delay          TEXT NOT NULL,
    perpetrator_relationship TEXT,
    reporting_consent        BOOLEAN NOT NULL,
    sealed_narrative         TEXT,
    updated_at               TIMESTAMPTZ NOT NULL
);
