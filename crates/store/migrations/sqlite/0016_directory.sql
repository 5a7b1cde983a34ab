-- The service directory (Open Referral HSDS in spirit): services, their
-- categories, hours and phone lines, locations and where each service is
-- given. Public knowledge, no personal data. SQLite.
CREATE TABLE services (
    id              BLOB PRIMARY KEY,
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    description     TEXT,
    status          TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily_closed')),
    -- The area served; services of an area serve the areas inside it.
    area_code       TEXT NOT NULL REFERENCES areas (code),
    eligibility     TEXT,
    -- ISO 639 codes, comma-separated, in order.
    languages       TEXT NOT NULL DEFAULT '',
    free            INTEGER NOT NULL DEFAULT 0,
    fees            TEXT,
    email           TEXT,
    url             TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX services_organisation ON services (organisation_id);
CREATE INDEX services_area ON services (area_code);
CREATE INDEX services_name ON services (name);

-- The taxonomy terms of a service (codes of ServiceCategory), first is main.
CREATE TABLE service_categories (
    service_id     BLOB NOT NULL REFERENCES services (id),
    category       TEXT NOT NULL,
    category_group TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (service_id, category)
);
CREATE INDEX service_categories_category ON service_categories (category, service_id);
CREATE INDEX service_categories_group ON service_categories (category_group, service_id);

-- Opening hours, local time of the service's area.
CREATE TABLE service_schedules (
    id         BLOB PRIMARY KEY,
    service_id BLOB NOT NULL REFERENCES services (id),
    position   INTEGER NOT NULL,
    -- Weekday codes, comma-separated.
    days       TEXT NOT NULL,
    opens_at   TEXT NOT NULL,
    closes_at  TEXT NOT NULL,
    note       TEXT
);
CREATE INDEX service_schedules_service ON service_schedules (service_id, position);

CREATE TABLE locations (
    id              BLOB PRIMARY KEY,
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    address         TEXT NOT NULL,
    area_code       TEXT NOT NULL REFERENCES areas (code),
    postal_code     TEXT,
    latitude        REAL,
    longitude       REAL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX locations_organisation ON locations (organisation_id);
CREATE INDEX locations_area ON locations (area_code);

-- HSDS service_at_location: the id is kept for the export.
CREATE TABLE service_locations (
    id          BLOB PRIMARY KEY,
    service_id  BLOB NOT NULL REFERENCES services (id),
    location_id BLOB NOT NULL REFERENCES locations (id),
    position    INTEGER NOT NULL,
    UNIQUE (service_id, location_id)
);
CREATE INDEX service_locations_location ON service_locations (location_id);

-- Phone lines of a service (of the institution, never of a person).
CREATE TABLE service_contacts (
    id         BLOB PRIMARY KEY,
    service_id BLOB NOT NULL REFERENCES services (id),
    position   INTEGER NOT NULL,
    label      TEXT,
    phone      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('voice', 'cell', 'text', 'fax'))
);
CREATE INDEX service_contacts_service ON service_contacts (service_id, position);
