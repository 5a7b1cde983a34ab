-- Unique people in a whole month, quarter or year by village (written by
-- scripts/gen-report-people-periods.py: change it there).
--
-- report_people_periods (0047) leaves villages out; a question by village
-- read every person's first row of each month of its period from
-- report_people_months (a quarter: over a second at a million people).
-- This table counts the same rows as 0047 (a person's first of a month, and
-- of the quarter or year when her previous row is before its first day) by
-- area down to the village, sex, age group and migration stage, for the
-- order that counts each person once whatever she was served for ('any':
-- no organisation or category in the question). Kept from
-- report_people_months by triggers in the same transaction (the difference
-- of every row written there), unless the aggregates are paused, after
-- which `report rebuild` writes it again from its view.

CREATE TABLE report_people_village_periods (
    ord          TEXT NOT NULL,
    grain        TEXT NOT NULL,
    start        TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, grain, start, district, kecamatan, village, sex, age_group, stage)
) WITHOUT ROWID;

CREATE VIEW report_people_village_periods_source AS
SELECT ord, grain, start, district, kecamatan, village, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT ord, 'M' AS grain, substr(day, 1, 7) || '-01' AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_months WHERE ord = 'any'
UNION ALL
SELECT ord, 'Q' AS grain, substr(day, 1, 5) || printf('%02d', ((CAST(substr(day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_months WHERE ord = 'any' AND prev_day < substr(day, 1, 5) || printf('%02d', ((CAST(substr(day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'
UNION ALL
SELECT ord, 'Y' AS grain, substr(day, 1, 4) || '-01-01' AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_months WHERE ord = 'any' AND prev_day < substr(day, 1, 4) || '-01-01'
) t
GROUP BY ord, grain, start, district, kecamatan, village, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE TRIGGER report_people_village_periods_insert AFTER INSERT ON report_people_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT NEW.ord, 'M', substr(NEW.day, 1, 7) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n WHERE NEW.ord = 'any'
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT NEW.ord, 'Q', substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n WHERE NEW.ord = 'any' AND NEW.prev_day < substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT NEW.ord, 'Y', substr(NEW.day, 1, 4) || '-01-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n WHERE NEW.ord = 'any' AND NEW.prev_day < substr(NEW.day, 1, 4) || '-01-01'
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_village_periods_update AFTER UPDATE ON report_people_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'M' AND start = substr(OLD.day, 1, 7) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND OLD.ord = 'any';
    UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'Q' AND start = substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND OLD.ord = 'any' AND OLD.prev_day < substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01';
    UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'Y' AND start = substr(OLD.day, 1, 4) || '-01-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND OLD.ord = 'any' AND OLD.prev_day < substr(OLD.day, 1, 4) || '-01-01';
    INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT NEW.ord, 'M', substr(NEW.day, 1, 7) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n WHERE NEW.ord = 'any'
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT NEW.ord, 'Q', substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n WHERE NEW.ord = 'any' AND NEW.prev_day < substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01'
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT NEW.ord, 'Y', substr(NEW.day, 1, 4) || '-01-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n WHERE NEW.ord = 'any' AND NEW.prev_day < substr(NEW.day, 1, 4) || '-01-01'
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_village_periods_delete AFTER DELETE ON report_people_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'M' AND start = substr(OLD.day, 1, 7) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND OLD.ord = 'any';
    UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'Q' AND start = substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND OLD.ord = 'any' AND OLD.prev_day < substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01';
    UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'Y' AND start = substr(OLD.day, 1, 4) || '-01-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND OLD.ord = 'any' AND OLD.prev_day < substr(OLD.day, 1, 4) || '-01-01';
END;

INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT ord, grain, start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_village_periods_source;
