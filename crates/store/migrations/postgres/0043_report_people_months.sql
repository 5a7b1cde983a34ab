-- Unique people in whole months, read from a few rows per month and dimension
-- instead of a period's person-days (written by
-- scripts/gen-report-people-months.py: change it there).
--
-- A person-day row is the person's first of a month (in one of the four
-- orders of 0034: any service, by organisation, by category, by both) when
-- her previous row in that order is before the month. report_people_months
-- counts those rows by order, month, the month of the previous row
-- ('0001-01-01' when none) and the dimensions the order keeps (an order
-- without organisation keeps the nil UUID, without category ''). The people
-- served in the whole months a..b are then the rows of those months whose
-- previous month is before a; in each month on its own, every row of it.
-- Villages are not kept (a village's people are read from the person-days).
-- Triggers on report_person_days keep it in the same transaction, unless the
-- aggregates are paused (a bulk load), after which `report rebuild` writes
-- it again from report_people_months_source.

CREATE TABLE report_people_months (
    ord          TEXT NOT NULL,
    month        DATE NOT NULL,
    prev_month   DATE NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    organisation UUID NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage)
);

CREATE VIEW report_people_months_source AS
SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, CAST(COUNT(*) AS BIGINT) AS n FROM (
SELECT 'any' AS ord, CAST(date_trunc('month', day) AS DATE) AS month, coalesce(CAST(date_trunc('month', prev_any) AS DATE), DATE '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_any IS NULL OR prev_any < CAST(date_trunc('month', day) AS DATE)
UNION ALL
SELECT 'org' AS ord, CAST(date_trunc('month', day) AS DATE) AS month, coalesce(CAST(date_trunc('month', prev_org) AS DATE), DATE '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, organisation AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org IS NULL OR prev_org < CAST(date_trunc('month', day) AS DATE)
UNION ALL
SELECT 'cat' AS ord, CAST(date_trunc('month', day) AS DATE) AS month, coalesce(CAST(date_trunc('month', prev_cat) AS DATE), DATE '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_cat IS NULL OR prev_cat < CAST(date_trunc('month', day) AS DATE)
UNION ALL
SELECT 'org_cat' AS ord, CAST(date_trunc('month', day) AS DATE) AS month, coalesce(CAST(date_trunc('month', prev_org_cat) AS DATE), DATE '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org_cat IS NULL OR prev_org_cat < CAST(date_trunc('month', day) AS DATE)
) t
GROUP BY ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage;

CREATE FUNCTION report_people_months_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        IF OLD.prev_any IS NULL OR OLD.prev_any < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('any', CAST(date_trunc('month', OLD.day) AS DATE), coalesce(CAST(date_trunc('month', OLD.prev_any) AS DATE), DATE '0001-01-01'), OLD.district, OLD.kecamatan, '00000000-0000-0000-0000-000000000000'::uuid, '', OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
        IF OLD.prev_org IS NULL OR OLD.prev_org < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('org', CAST(date_trunc('month', OLD.day) AS DATE), coalesce(CAST(date_trunc('month', OLD.prev_org) AS DATE), DATE '0001-01-01'), OLD.district, OLD.kecamatan, OLD.organisation, '', OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
        IF OLD.prev_cat IS NULL OR OLD.prev_cat < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('cat', CAST(date_trunc('month', OLD.day) AS DATE), coalesce(CAST(date_trunc('month', OLD.prev_cat) AS DATE), DATE '0001-01-01'), OLD.district, OLD.kecamatan, '00000000-0000-0000-0000-000000000000'::uuid, OLD.category, OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
        IF OLD.prev_org_cat IS NULL OR OLD.prev_org_cat < CAST(date_trunc('month', OLD.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('org_cat', CAST(date_trunc('month', OLD.day) AS DATE), coalesce(CAST(date_trunc('month', OLD.prev_org_cat) AS DATE), DATE '0001-01-01'), OLD.district, OLD.kecamatan, OLD.organisation, OLD.category, OLD.sex, OLD.age_group, OLD.stage, -1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (-1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.prev_any IS NULL OR NEW.prev_any < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('any', CAST(date_trunc('month', NEW.day) AS DATE), coalesce(CAST(date_trunc('month', NEW.prev_any) AS DATE), DATE '0001-01-01'), NEW.district, NEW.kecamatan, '00000000-0000-0000-0000-000000000000'::uuid, '', NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
        IF NEW.prev_org IS NULL OR NEW.prev_org < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('org', CAST(date_trunc('month', NEW.day) AS DATE), coalesce(CAST(date_trunc('month', NEW.prev_org) AS DATE), DATE '0001-01-01'), NEW.district, NEW.kecamatan, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
        IF NEW.prev_cat IS NULL OR NEW.prev_cat < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('cat', CAST(date_trunc('month', NEW.day) AS DATE), coalesce(CAST(date_trunc('month', NEW.prev_cat) AS DATE), DATE '0001-01-01'), NEW.district, NEW.kecamatan, '00000000-0000-0000-0000-000000000000'::uuid, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
        IF NEW.prev_org_cat IS NULL OR NEW.prev_org_cat < CAST(date_trunc('month', NEW.day) AS DATE) THEN
            INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
            VALUES ('org_cat', CAST(date_trunc('month', NEW.day) AS DATE), coalesce(CAST(date_trunc('month', NEW.prev_org_cat) AS DATE), DATE '0001-01-01'), NEW.district, NEW.kecamatan, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
            ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_months.n + (1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_people_months_keep AFTER INSERT OR UPDATE OR DELETE ON report_person_days
FOR EACH ROW EXECUTE FUNCTION report_people_months_keep();

INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n) SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n FROM report_people_months_source;
