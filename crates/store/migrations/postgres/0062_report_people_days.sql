-- The people of the first days of a period that starts inside a month,
-- without reading a row per person (written by
-- scripts/gen-report-people-days.py: change it there).
--
-- A period a..b starting inside a month counts, in a's month, every
-- person-day from a to the month's end whose previous row (in the order the
-- question needs) is before a: at ten million events, hundreds of thousands
-- of person-days read for each such question, most of the time of the
-- dashboard. report_people_days counts every person-day by order, day,
-- district, the day of the previous row when it is in the same month (else
-- '0001-01-01': any day before the month is before a) and the dimensions
-- the order keeps besides kecamatan and village (an order without
-- organisation keeps the nil UUID, without category ''). A question that
-- names no kecamatan or village and leaves no category out reads a's month
-- here: its rows of the days a..(month's end) whose previous day is before a.
-- Triggers on report_person_days keep it in the same transaction, unless the
-- aggregates are paused (a bulk load), after which `report rebuild` writes
-- it again from its view. On PostgreSQL its key carries the count (as 0053
-- made the older tables'): at ten million events a month's first days read
-- through the key alone, not ten thousand pages of the table.

CREATE TABLE report_people_days (
    ord          TEXT NOT NULL,
    day          DATE NOT NULL,
    district     TEXT NOT NULL,
    prev_day     DATE NOT NULL,
    organisation UUID NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, day, district, prev_day, organisation, category, sex, age_group, stage) INCLUDE (n)
);

CREATE VIEW report_people_days_source AS
SELECT ord, day, district, prev_day, organisation, category, sex, age_group, stage, CAST(COUNT(*) AS BIGINT) AS n FROM (
SELECT 'any' AS ord, day AS day, district AS district, CASE WHEN prev_any >= CAST(date_trunc('month', day) AS DATE) THEN prev_any ELSE DATE '0001-01-01' END AS prev_day, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
UNION ALL
SELECT 'org' AS ord, day AS day, district AS district, CASE WHEN prev_org >= CAST(date_trunc('month', day) AS DATE) THEN prev_org ELSE DATE '0001-01-01' END AS prev_day, organisation AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
UNION ALL
SELECT 'cat' AS ord, day AS day, district AS district, CASE WHEN prev_cat >= CAST(date_trunc('month', day) AS DATE) THEN prev_cat ELSE DATE '0001-01-01' END AS prev_day, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
UNION ALL
SELECT 'org_cat' AS ord, day AS day, district AS district, CASE WHEN prev_org_cat >= CAST(date_trunc('month', day) AS DATE) THEN prev_org_cat ELSE DATE '0001-01-01' END AS prev_day, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
) t
GROUP BY ord, day, district, prev_day, organisation, category, sex, age_group, stage;

CREATE FUNCTION report_people_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('any', OLD.day, OLD.district, CASE WHEN OLD.prev_any >= CAST(date_trunc('month', OLD.day) AS DATE) THEN OLD.prev_any ELSE DATE '0001-01-01' END, '00000000-0000-0000-0000-000000000000'::uuid, '', OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (-1);
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org', OLD.day, OLD.district, CASE WHEN OLD.prev_org >= CAST(date_trunc('month', OLD.day) AS DATE) THEN OLD.prev_org ELSE DATE '0001-01-01' END, OLD.organisation, '', OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (-1);
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('cat', OLD.day, OLD.district, CASE WHEN OLD.prev_cat >= CAST(date_trunc('month', OLD.day) AS DATE) THEN OLD.prev_cat ELSE DATE '0001-01-01' END, '00000000-0000-0000-0000-000000000000'::uuid, OLD.category, OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (-1);
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org_cat', OLD.day, OLD.district, CASE WHEN OLD.prev_org_cat >= CAST(date_trunc('month', OLD.day) AS DATE) THEN OLD.prev_org_cat ELSE DATE '0001-01-01' END, OLD.organisation, OLD.category, OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (-1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('any', NEW.day, NEW.district, CASE WHEN NEW.prev_any >= CAST(date_trunc('month', NEW.day) AS DATE) THEN NEW.prev_any ELSE DATE '0001-01-01' END, '00000000-0000-0000-0000-000000000000'::uuid, '', NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (1);
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org', NEW.day, NEW.district, CASE WHEN NEW.prev_org >= CAST(date_trunc('month', NEW.day) AS DATE) THEN NEW.prev_org ELSE DATE '0001-01-01' END, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (1);
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('cat', NEW.day, NEW.district, CASE WHEN NEW.prev_cat >= CAST(date_trunc('month', NEW.day) AS DATE) THEN NEW.prev_cat ELSE DATE '0001-01-01' END, '00000000-0000-0000-0000-000000000000'::uuid, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (1);
        INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org_cat', NEW.day, NEW.district, CASE WHEN NEW.prev_org_cat >= CAST(date_trunc('month', NEW.day) AS DATE) THEN NEW.prev_org_cat ELSE DATE '0001-01-01' END, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_days.n + (1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_people_days_keep AFTER INSERT OR UPDATE OR DELETE ON report_person_days
FOR EACH ROW EXECUTE FUNCTION report_people_days_keep();

INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) SELECT ord, day, district, prev_day, organisation, category, sex, age_group, stage, n FROM report_people_days_source;
