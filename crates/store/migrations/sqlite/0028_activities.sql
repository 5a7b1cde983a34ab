-- Activities with attendance: task-force meetings, information sessions and
-- consultation days, outreach events, trainings, forum meetings.

CREATE TABLE activities (
    id              BLOB PRIMARY KEY,
    kind            TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    area_code       TEXT NOT NULL REFERENCES areas (code),
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    topic           TEXT,
    title           TEXT NOT NULL,
    notes           TEXT,
    follow_up       TEXT,
    pre_score       REAL,
    post_score      REAL,
    created_by      BLOB REFERENCES users (id),
    created_at      TEXT NOT NULL
);
CREATE INDEX activities_area ON activities (area_code, on_date);
CREATE INDEX activities_organisation ON activities (organisation_id, on_date);

-- Who came, by sex and age group (or kind of participant); zero cells are not kept.
CREATE TABLE activity_attendance (
    activity_id BLOB NOT NULL REFERENCES activities (id),
    sex         TEXT NOT NULL CHECK (sex IN ('female', 'male')),
    age_group   TEXT NOT NULL DEFAULT '',
    participant TEXT NOT NULL DEFAULT '',
    count       INTEGER NOT NULL CHECK (count > 0 AND count <= 100000),
    PRIMARY KEY (activity_id, sex, age_group, participant)
);

-- Attendees named with their agreement (for counting unique people reached).
CREATE TABLE activity_people (
    activity_id BLOB NOT NULL REFERENCES activities (id),
    person_id   BLOB NOT NULL REFERENCES people (id),
    PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_people_person ON activity_people (person_id);

INSERT INTO role_permissions (role_code, permission, scope) VALUES
    ('village_officer', 'activities_write', 'own'),
    ('task_force_member', 'activities_write', 'own'),
    ('district_coordinator', 'activities_write', 'district'),
    ('supervisor', 'activities_write', 'organisation'),
    ('paralegal', 'activities_write', 'organisation'),
    ('counsellor', 'activities_write', 'organisation'),
    ('case_worker', 'activities_write', 'organisation');
