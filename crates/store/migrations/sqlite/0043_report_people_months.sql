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
    month        TEXT NOT NULL,
    prev_month   TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    organisation BLOB NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage)
) WITHOUT ROWID;

CREATE VIEW report_people_months_source AS
SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, CAST(COUNT(*) AS BIGINT) AS n FROM (
SELECT 'any' AS ord, substr(day, 1, 7) || '-01' AS month, coalesce(substr(prev_any, 1, 7) || '-01', '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, X'00000000000000000000000000000000' AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_any IS NULL OR prev_any < substr(day, 1, 7) || '-01'
UNION ALL
SELECT 'org' AS ord, substr(day, 1, 7) || '-01' AS month, coalesce(substr(prev_org, 1, 7) || '-01', '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, organisation AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org IS NULL OR prev_org < substr(day, 1, 7) || '-01'
UNION ALL
SELECT 'cat' AS ord, substr(day, 1, 7) || '-01' AS month, coalesce(substr(prev_cat, 1, 7) || '-01', '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, X'00000000000000000000000000000000' AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_cat IS NULL OR prev_cat < substr(day, 1, 7) || '-01'
UNION ALL
SELECT 'org_cat' AS ord, substr(day, 1, 7) || '-01' AS month, coalesce(substr(prev_org_cat, 1, 7) || '-01', '0001-01-01') AS prev_month, district AS district, kecamatan AS kecamatan, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org_cat IS NULL OR prev_org_cat < substr(day, 1, 7) || '-01'
) t
GROUP BY ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage;

CREATE TRIGGER report_people_months_insert AFTER INSERT ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'any', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_any, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, X'00000000000000000000000000000000', '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_any IS NULL OR NEW.prev_any < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'org', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_org, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org IS NULL OR NEW.prev_org < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'cat', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_cat, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, X'00000000000000000000000000000000', NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_cat IS NULL OR NEW.prev_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'org_cat', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_org_cat, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org_cat IS NULL OR NEW.prev_org_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_people_months_delete AFTER DELETE ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_any IS NULL OR OLD.prev_any < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'any' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_any, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = X'00000000000000000000000000000000' AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org IS NULL OR OLD.prev_org < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_org, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = OLD.organisation AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_cat IS NULL OR OLD.prev_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'cat' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_cat, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = X'00000000000000000000000000000000' AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org_cat IS NULL OR OLD.prev_org_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org_cat' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_org_cat, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
END;

CREATE TRIGGER report_people_months_update AFTER UPDATE ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_any IS NULL OR OLD.prev_any < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'any' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_any, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = X'00000000000000000000000000000000' AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org IS NULL OR OLD.prev_org < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_org, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = OLD.organisation AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_cat IS NULL OR OLD.prev_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'cat' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_cat, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = X'00000000000000000000000000000000' AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org_cat IS NULL OR OLD.prev_org_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org_cat' AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = coalesce(substr(OLD.prev_org_cat, 1, 7) || '-01', '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'any', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_any, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, X'00000000000000000000000000000000', '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_any IS NULL OR NEW.prev_any < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'org', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_org, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org IS NULL OR NEW.prev_org < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'cat', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_cat, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, X'00000000000000000000000000000000', NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_cat IS NULL OR NEW.prev_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n)
    SELECT 'org_cat', substr(NEW.day, 1, 7) || '-01', coalesce(substr(NEW.prev_org_cat, 1, 7) || '-01', '0001-01-01'), NEW.district, NEW.kecamatan, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org_cat IS NULL OR NEW.prev_org_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
END;

INSERT INTO report_people_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n) SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n FROM report_people_months_source;
