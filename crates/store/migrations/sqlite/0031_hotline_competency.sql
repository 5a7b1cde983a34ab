-- Hotline and remote counselling: calls and messages, anonymous unless the
-- caller is named.

CREATE TABLE hotline_contacts (
    id              BLOB PRIMARY KEY,
    at              TEXT NOT NULL,
    channel         TEXT NOT NULL,
    topic           TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    district_code   TEXT NOT NULL REFERENCES areas (code),
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    person_id       BLOB REFERENCES people (id),
    caller_sex      TEXT,
    case_id         BLOB REFERENCES cases (id),
    note            TEXT,
    answered_by     BLOB REFERENCES users (id)
);
CREATE INDEX hotline_contacts_organisation ON hotline_contacts (organisation_id, at);
CREATE INDEX hotline_contacts_person ON hotline_contacts (person_id);

-- Local competency tests of migrant workers and their candidates' results.

CREATE TABLE competency_tests (
    id              BLOB PRIMARY KEY,
    on_date         TEXT NOT NULL,
    district_code   TEXT NOT NULL REFERENCES areas (code),
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    occupation      TEXT NOT NULL,
    training_centre TEXT NOT NULL,
    assessor        TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX competency_tests_district ON competency_tests (district_code, on_date);

CREATE TABLE competency_candidates (
    test_id            BLOB NOT NULL REFERENCES competency_tests (id),
    person_id          BLOB NOT NULL REFERENCES people (id),
    result             TEXT NOT NULL CHECK (result IN ('competent', 'not_yet_competent')),
    certificate_number TEXT,
    PRIMARY KEY (test_id, person_id)
);
CREATE INDEX competency_candidates_person ON competency_candidates (person_id);

-- The front desk of the district records the competency tests held with the training centres.
INSERT INTO role_permissions (role_code, permission, scope) VALUES ('front_desk', 'activities_write', 'organisation');
