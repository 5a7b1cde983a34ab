-- Unique people in any period, read from the rows that are a person's first of
-- a month instead of every person-day of the period (written by
-- scripts/gen-report-people-months.py: change it there). Replaces 0043's
-- table, which kept the month of the previous row and could answer only
-- whole months without villages.
--
-- A person-day row is the person's first of a month (in one of the four
-- orders of 0034: any service, by organisation, by category, by both) when
-- her previous row in that order is before the month. report_people_months
-- counts those rows by order, day, the day of the previous row
-- ('0001-01-01' when none) and the dimensions the order keeps (an order
-- without organisation keeps the nil UUID, without category ''). A person is
-- served in the days a..b when one of her rows there has its previous row
-- before a: that row is in a's month (read from the person-days, at most a
-- month of them) or it is the first of a later month, whose row here has a
-- day up to b and a previous day before a. Each month on its own: its rows
-- up to b (and the person-days of the first month when a is not its 1st).
-- Triggers on report_person_days keep it in the same transaction, unless the
-- aggregates are paused (a bulk load), after which `report rebuild` writes
-- it again from report_people_months_source.

DROP TRIGGER report_people_months_keep ON report_person_days;
DROP FUNCTION report_people_months_keep();
DROP VIEW report_people_months_source;
DROP TABLE report_people_months;

CREATE TABLE report_people_months (
    ord          TEXT NOT NULL,
    day          DATE NOT NULL,
    prev_day     DATE NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    organisation UUID NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage)
);

CREATE VIEW report_people_months_source AS
SELECT ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, CAST(COUNT(*) AS BIGINT) AS n FROM (
SELECT 'any' AS ord, day AS day, coalesce(prev_any, DATE '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_any IS NULL OR prev_any < CAST(date_trunc('month', day) AS DATE)
UNION ALL
SELECT 'org' AS ord, day AS day, coalesce(prev_org, DATE '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, organisation AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org IS NULL OR prev_org < CAST(date_trunc('month', day) AS DATE)
UNION ALL
SELECT 'cat' AS ord, day AS day, coalesce(prev_cat, DATE '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_cat IS NULL OR prev_cat < CAST(date_trunc('month', day) AS DATE)
UNION ALL
SELECT 'org_cat' AS ord, day AS day, coalesce(prev_org_cat, DATE '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org_cat IS NULL OR prev_org_cat < CAST(date_trunc('month', day) AS DATE)
) t
GROUP BY ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage;

CREATE FUNCTION report_people_months_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        IF OLD.prev_any IS NULL OR OLD.prev_any < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('any', OLD.day, coalesce(OLD.prev_any, DATE '0001-01-01'), OLD.district, OLD.kecamatan, OLD.village, '00000000-0000-0000-0000-000000000000'::uuid, '', OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
        IF OLD.prev_org IS NULL OR OLD.prev_org < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('org', OLD.day, coalesce(OLD.prev_org, DATE '0001-01-01'), OLD.district, OLD.kecamatan, OLD.village, OLD.organisation, '', OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
        IF OLD.prev_cat IS NULL OR OLD.prev_cat < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('cat', OLD.day, coalesce(OLD.prev_cat, DATE '0001-01-01'), OLD.district, OLD.kecamatan, OLD.village, '00000000-0000-0000-0000-000000000000'::uuid, OLD.category, OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
        IF OLD.prev_org_cat IS NULL OR OLD.prev_org_cat < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('org_cat', OLD.day, coalesce(OLD.prev_org_cat, DATE '0001-01-01'), OLD.district, OLD.kecamatan, OLD.village, OLD.organisation, OLD.category, OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.prev_any IS NULL OR NEW.prev_any < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('any', NEW.day, coalesce(NEW.prev_any, DATE '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, '00000000-0000-0000-0000-000000000000'::uuid, '', NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
        IF NEW.prev_org IS NULL OR NEW.prev_org < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('org', NEW.day, coalesce(NEW.prev_org, DATE '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
        IF NEW.prev_cat IS NULL OR NEW.prev_cat < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('cat', NEW.day, coalesce(NEW.prev_cat, DATE '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, '00000000-0000-0000-0000-000000000000'::uuid, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
        IF NEW.prev_org_cat IS NULL OR NEW.prev_org_cat < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
            VALUES ('org_cat', NEW.day, coalesce(NEW.prev_org_cat, DATE '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_people_months_keep AFTER INSERT OR UPDATE OR DELETE ON report_person_days
FOR EACH ROW EXECUTE FUNCTION report_people_months_keep();

INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n) SELECT ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n FROM report_people_months_source;
