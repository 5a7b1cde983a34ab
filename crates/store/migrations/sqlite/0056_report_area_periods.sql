-- Events by area (district, kecamatan, village) in whole quarters and years
-- (written by scripts/gen-report-area-periods.py: change it there).
--
-- A question by kecamatan or village over a year read twelve months of the
-- areas' months (0048, or 0054 with age group and stage): at ten million
-- events, hundreds of thousands of rows for one indicator, a row per
-- village, sex and category in each month. These tables count the same
-- events by quarter ('Q') and year ('Y'), the period's first day as `start`:
-- a year reads one row where it read twelve. A period's whole years and
-- quarters are read here, its other whole months from the month tables
-- (crates/store/src/reports/aggregates.rs, `month_grains`). Each is kept
-- from its month table by triggers in the same transaction, unless the
-- aggregates are paused, after which `report rebuild` writes it again from
-- its view. On PostgreSQL their keys carry the count.

CREATE TABLE report_area_periods (
    indicator    TEXT NOT NULL,
    grain        TEXT NOT NULL,
    start        TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    category     TEXT NOT NULL,
    detail       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, grain, start, district, kecamatan, village, sex, category, detail)
) WITHOUT ROWID;

CREATE VIEW report_area_periods_source AS
SELECT indicator, grain, start, district, kecamatan, village, sex, category, detail, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT indicator, 'Q' AS grain, substr(day, 1, 5) || printf('%02d', ((CAST(substr(day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AS start, district, kecamatan, village, sex, category, detail, n FROM report_area_months
UNION ALL
SELECT indicator, 'Y' AS grain, substr(day, 1, 4) || '-01-01' AS start, district, kecamatan, village, sex, category, detail, n FROM report_area_months
) t
GROUP BY indicator, grain, start, district, kecamatan, village, sex, category, detail HAVING SUM(n) <> 0;

CREATE TRIGGER report_area_periods_insert AFTER INSERT ON report_area_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, 'Q', substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, 'Y', substr(NEW.day, 1, 4) || '-01-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_periods_update AFTER UPDATE ON report_area_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Q' AND start = substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
    UPDATE report_area_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Y' AND start = substr(OLD.day, 1, 4) || '-01-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
    INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, 'Q', substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, 'Y', substr(NEW.day, 1, 4) || '-01-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_periods_delete AFTER DELETE ON report_area_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Q' AND start = substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
    UPDATE report_area_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Y' AND start = substr(OLD.day, 1, 4) || '-01-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
END;

INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) SELECT indicator, grain, start, district, kecamatan, village, sex, category, detail, n FROM report_area_periods_source;

CREATE TABLE report_area_cube_stage_periods (
    indicator    TEXT NOT NULL,
    grain        TEXT NOT NULL,
    start        TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, grain, start, district, kecamatan, village, sex, age_group, stage)
) WITHOUT ROWID;

CREATE VIEW report_area_cube_stage_periods_source AS
SELECT indicator, grain, start, district, kecamatan, village, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT indicator, 'Q' AS grain, substr(day, 1, 5) || printf('%02d', ((CAST(substr(day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_area_cube_stage
UNION ALL
SELECT indicator, 'Y' AS grain, substr(day, 1, 4) || '-01-01' AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_area_cube_stage
) t
GROUP BY indicator, grain, start, district, kecamatan, village, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE TRIGGER report_area_cube_stage_periods_insert AFTER INSERT ON report_area_cube_stage
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, 'Q', substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, 'Y', substr(NEW.day, 1, 4) || '-01-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_cube_stage_periods_update AFTER UPDATE ON report_area_cube_stage
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_cube_stage_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Q' AND start = substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_area_cube_stage_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Y' AND start = substr(OLD.day, 1, 4) || '-01-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, 'Q', substr(NEW.day, 1, 5) || printf('%02d', ((CAST(substr(NEW.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
    INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, 'Y', substr(NEW.day, 1, 4) || '-01-01', NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_cube_stage_periods_delete AFTER DELETE ON report_area_cube_stage
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_cube_stage_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Q' AND start = substr(OLD.day, 1, 5) || printf('%02d', ((CAST(substr(OLD.day, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1) || '-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    UPDATE report_area_cube_stage_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Y' AND start = substr(OLD.day, 1, 4) || '-01-01' AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
END;

INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n FROM report_area_cube_stage_periods_source;
