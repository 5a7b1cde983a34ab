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

DROP TRIGGER report_people_months_insert;
DROP TRIGGER report_people_months_delete;
DROP TRIGGER report_people_months_update;
DROP VIEW report_people_months_source;
DROP TABLE report_people_months;

CREATE TABLE report_people_months (
    ord          TEXT NOT NULL,
    day          TEXT NOT NULL,
    prev_day     TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    organisation BLOB NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage)
) WITHOUT ROWID;

CREATE VIEW report_people_months_source AS
SELECT ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, CAST(COUNT(*) AS BIGINT) AS n FROM (
SELECT 'any' AS ord, day AS day, coalesce(prev_any, '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, X'00000000000000000000000000000000' AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_any IS NULL OR prev_any < substr(day, 1, 7) || '-01'
UNION ALL
SELECT 'org' AS ord, day AS day, coalesce(prev_org, '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, organisation AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org IS NULL OR prev_org < substr(day, 1, 7) || '-01'
UNION ALL
SELECT 'cat' AS ord, day AS day, coalesce(prev_cat, '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, X'00000000000000000000000000000000' AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_cat IS NULL OR prev_cat < substr(day, 1, 7) || '-01'
UNION ALL
SELECT 'org_cat' AS ord, day AS day, coalesce(prev_org_cat, '0001-01-01') AS prev_day, district AS district, kecamatan AS kecamatan, village AS village, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days WHERE prev_org_cat IS NULL OR prev_org_cat < substr(day, 1, 7) || '-01'
) t
GROUP BY ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage;

CREATE TRIGGER report_people_months_insert AFTER INSERT ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'any', NEW.day, coalesce(NEW.prev_any, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, X'00000000000000000000000000000000', '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_any IS NULL OR NEW.prev_any < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'org', NEW.day, coalesce(NEW.prev_org, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org IS NULL OR NEW.prev_org < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'cat', NEW.day, coalesce(NEW.prev_cat, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, X'00000000000000000000000000000000', NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_cat IS NULL OR NEW.prev_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'org_cat', NEW.day, coalesce(NEW.prev_org_cat, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org_cat IS NULL OR NEW.prev_org_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_people_months_delete AFTER DELETE ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_any IS NULL OR OLD.prev_any < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'any' AND day = OLD.day AND prev_day = coalesce(OLD.prev_any, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = X'00000000000000000000000000000000' AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org IS NULL OR OLD.prev_org < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org' AND day = OLD.day AND prev_day = coalesce(OLD.prev_org, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = OLD.organisation AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_cat IS NULL OR OLD.prev_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'cat' AND day = OLD.day AND prev_day = coalesce(OLD.prev_cat, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = X'00000000000000000000000000000000' AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org_cat IS NULL OR OLD.prev_org_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org_cat' AND day = OLD.day AND prev_day = coalesce(OLD.prev_org_cat, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
END;

CREATE TRIGGER report_people_months_update AFTER UPDATE ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_any IS NULL OR OLD.prev_any < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'any' AND day = OLD.day AND prev_day = coalesce(OLD.prev_any, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = X'00000000000000000000000000000000' AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org IS NULL OR OLD.prev_org < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org' AND day = OLD.day AND prev_day = coalesce(OLD.prev_org, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = OLD.organisation AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_cat IS NULL OR OLD.prev_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'cat' AND day = OLD.day AND prev_day = coalesce(OLD.prev_cat, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = X'00000000000000000000000000000000' AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_months SET n = n - 1
    WHERE (OLD.prev_org_cat IS NULL OR OLD.prev_org_cat < substr(OLD.day, 1, 7) || '-01')
      AND ord = 'org_cat' AND day = OLD.day AND prev_day = coalesce(OLD.prev_org_cat, '0001-01-01') AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'any', NEW.day, coalesce(NEW.prev_any, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, X'00000000000000000000000000000000', '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_any IS NULL OR NEW.prev_any < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'org', NEW.day, coalesce(NEW.prev_org, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org IS NULL OR NEW.prev_org < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'cat', NEW.day, coalesce(NEW.prev_cat, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, X'00000000000000000000000000000000', NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_cat IS NULL OR NEW.prev_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
    INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n)
    SELECT 'org_cat', NEW.day, coalesce(NEW.prev_org_cat, '0001-01-01'), NEW.district, NEW.kecamatan, NEW.village, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1
    WHERE NEW.prev_org_cat IS NULL OR NEW.prev_org_cat < substr(NEW.day, 1, 7) || '-01'
    ON CONFLICT (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + 1;
END;

INSERT INTO report_people_months (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n) SELECT ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage, n FROM report_people_months_source;
