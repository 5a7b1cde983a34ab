-- Unique people in any run of whole months, a few rows per month and
-- dimension, and the index that bounds a loose range's remainder (written by
-- scripts/gen-report-people-prev-months.py: change it there).
--
-- A row of report_people_months (0046) is a person's first of a month, with
-- the day of her previous row. report_people_prev_months counts those rows
-- by order, month, the month of the previous row (at most 24 months back:
-- an older one, or none, is kept as 24 months back) and the dimensions
-- below the village. The people of the days a..b whose whole months run from
-- m1 to m2 (m2 less than 24 months after a's month) are then, besides a's
-- month before m1 (its person-days) and b's month after m2 (its rows in
-- report_people_months): the rows here of the months m1..m2 whose previous
-- month is before a's, and the rows of report_people_months of those months
-- whose previous day is in a's month before a (found by the index on the
-- previous day: at most the people of part of a month). Kept from
-- report_people_months by triggers in the same transaction (the difference
-- of every row written there), unless the aggregates are paused, after which
-- `report rebuild` writes it again from its view.

CREATE TABLE report_people_prev_months (
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

CREATE INDEX report_people_months_prev ON report_people_months (ord, prev_day, n);

CREATE VIEW report_people_prev_months_source AS
SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT ord AS ord, substr(day, 1, 7) || '-01' AS month, max(substr(prev_day, 1, 7) || '-01', date(day, 'start of month', '-24 months')) AS prev_month, district AS district, kecamatan AS kecamatan, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage, n FROM report_people_months
) t
GROUP BY ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE TRIGGER report_people_prev_months_insert AFTER INSERT ON report_people_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_people_prev_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n) VALUES (NEW.ord, substr(NEW.day, 1, 7) || '-01', max(substr(NEW.prev_day, 1, 7) || '-01', date(NEW.day, 'start of month', '-24 months')), NEW.district, NEW.kecamatan, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_prev_months_update AFTER UPDATE ON report_people_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_prev_months SET n = n - OLD.n WHERE ord = OLD.ord AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = max(substr(OLD.prev_day, 1, 7) || '-01', date(OLD.day, 'start of month', '-24 months')) AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    INSERT INTO report_people_prev_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n) VALUES (NEW.ord, substr(NEW.day, 1, 7) || '-01', max(substr(NEW.prev_day, 1, 7) || '-01', date(NEW.day, 'start of month', '-24 months')), NEW.district, NEW.kecamatan, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_prev_months_delete AFTER DELETE ON report_people_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_prev_months SET n = n - OLD.n WHERE ord = OLD.ord AND month = substr(OLD.day, 1, 7) || '-01' AND prev_month = max(substr(OLD.prev_day, 1, 7) || '-01', date(OLD.day, 'start of month', '-24 months')) AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
END;

INSERT INTO report_people_prev_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n) SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n FROM report_people_prev_months_source;
