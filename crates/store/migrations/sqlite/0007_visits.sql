-- Visits to an office and the desks used, with their queue.
CREATE TABLE visits (
    id        BLOB PRIMARY KEY,
    person_id BLOB NOT NULL REFERENCES people (id),
    office_id BLOB NOT NULL REFERENCES offices (id),
    channel   TEXT NOT NULL,
    purpose   TEXT,
    staff_id  BLOB REFERENCES users (id),
    at        TEXT NOT NULL
);
CREATE INDEX visits_person ON visits (person_id, at);
CREATE INDEX visits_office ON visits (office_id, at);

CREATE TABLE visit_desks (
    visit_id        BLOB NOT NULL REFERENCES visits (id),
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    status          TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'served')),
    queued_at       TEXT NOT NULL,
    called_at       TEXT,
    served_at       TEXT,
    PRIMARY KEY (visit_id, organisation_id)
);
CREATE INDEX visit_desks_queue ON visit_desks (status, queued_at);
