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
    day          TEXT NOT NULL,
    district     TEXT NOT NULL,
    prev_day     TEXT NOT NULL,
    organisation BLOB NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, day, district, prev_day, organisation, category, sex, age_group, stage)
) WITHOUT ROWID;

CREATE VIEW report_people_days_source AS
SELECT ord, day, district, prev_day, organisation, category, sex, age_group, stage, CAST(COUNT(*) AS BIGINT) AS n FROM (
SELECT 'any' AS ord, day AS day, district AS district, CASE WHEN prev_any >= substr(day, 1, 7) || '-01' THEN prev_any ELSE '0001-01-01' END AS prev_day, X'00000000000000000000000000000000' AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
UNION ALL
SELECT 'org' AS ord, day AS day, district AS district, CASE WHEN prev_org >= substr(day, 1, 7) || '-01' THEN prev_org ELSE '0001-01-01' END AS prev_day, organisation AS organisation, '' AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
UNION ALL
SELECT 'cat' AS ord, day AS day, district AS district, CASE WHEN prev_cat >= substr(day, 1, 7) || '-01' THEN prev_cat ELSE '0001-01-01' END AS prev_day, X'00000000000000000000000000000000' AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
UNION ALL
SELECT 'org_cat' AS ord, day AS day, district AS district, CASE WHEN prev_org_cat >= substr(day, 1, 7) || '-01' THEN prev_org_cat ELSE '0001-01-01' END AS prev_day, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage
FROM report_person_days
) t
GROUP BY ord, day, district, prev_day, organisation, category, sex, age_group, stage;

CREATE TRIGGER report_people_days_insert AFTER INSERT ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('any', NEW.day, NEW.district, CASE WHEN NEW.prev_any >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_any ELSE '0001-01-01' END, X'00000000000000000000000000000000', '', NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org', NEW.day, NEW.district, CASE WHEN NEW.prev_org >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_org ELSE '0001-01-01' END, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('cat', NEW.day, NEW.district, CASE WHEN NEW.prev_cat >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_cat ELSE '0001-01-01' END, X'00000000000000000000000000000000', NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org_cat', NEW.day, NEW.district, CASE WHEN NEW.prev_org_cat >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_org_cat ELSE '0001-01-01' END, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
END;

CREATE TRIGGER report_people_days_update AFTER UPDATE ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'any' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_any >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_any ELSE '0001-01-01' END AND organisation = X'00000000000000000000000000000000' AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'org' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_org >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_org ELSE '0001-01-01' END AND organisation = OLD.organisation AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'cat' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_cat >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_cat ELSE '0001-01-01' END AND organisation = X'00000000000000000000000000000000' AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'org_cat' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_org_cat >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_org_cat ELSE '0001-01-01' END AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('any', NEW.day, NEW.district, CASE WHEN NEW.prev_any >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_any ELSE '0001-01-01' END, X'00000000000000000000000000000000', '', NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org', NEW.day, NEW.district, CASE WHEN NEW.prev_org >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_org ELSE '0001-01-01' END, NEW.organisation, '', NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('cat', NEW.day, NEW.district, CASE WHEN NEW.prev_cat >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_cat ELSE '0001-01-01' END, X'00000000000000000000000000000000', NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
    INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) VALUES ('org_cat', NEW.day, NEW.district, CASE WHEN NEW.prev_org_cat >= substr(NEW.day, 1, 7) || '-01' THEN NEW.prev_org_cat ELSE '0001-01-01' END, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, 1)
        ON CONFLICT (ord, day, district, prev_day, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + (1);
END;

CREATE TRIGGER report_people_days_delete AFTER DELETE ON report_person_days
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'any' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_any >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_any ELSE '0001-01-01' END AND organisation = X'00000000000000000000000000000000' AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'org' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_org >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_org ELSE '0001-01-01' END AND organisation = OLD.organisation AND category = '' AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'cat' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_cat >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_cat ELSE '0001-01-01' END AND organisation = X'00000000000000000000000000000000' AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_people_days SET n = n - 1 WHERE ord = 'org_cat' AND day = OLD.day AND district = OLD.district AND prev_day = CASE WHEN OLD.prev_org_cat >= substr(OLD.day, 1, 7) || '-01' THEN OLD.prev_org_cat ELSE '0001-01-01' END AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
END;

INSERT INTO report_people_days (ord, day, district, prev_day, organisation, category, sex, age_group, stage, n) SELECT ord, day, district, prev_day, organisation, category, sex, age_group, stage, n FROM report_people_days_source;
