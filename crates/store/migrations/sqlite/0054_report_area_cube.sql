-- Events by month and area (district, kecamatan, village) with sex, age group
-- and migration stage, without organisations, categories or details
-- (written by scripts/gen-report-district-cubes.py: change it there).
--
-- A question by kecamatan or village that names an age group or a stage
-- (as a row or a filter) read report_months, about a row per event: a year
-- of one indicator by village for one age group was hundreds of thousands
-- of rows at ten million events. This table answers such questions (those
-- naming no organisation, category or detail) from a fraction of them;
-- report_area_months still answers the ones naming neither (it is smaller).
-- Kept from report_months by triggers in the same transaction, unless the
-- aggregates are paused, after which `report rebuild` writes it again from
-- its view. On PostgreSQL its key carries the count (as 0053 made the
-- others'), so that its rows are read from the index alone.

CREATE TABLE report_area_cube_stage (
    indicator    TEXT NOT NULL,
    day          TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, day, district, kecamatan, village, sex, age_group, stage)
) WITHOUT ROWID;

CREATE VIEW report_area_cube_stage_source AS
SELECT indicator, day, district, kecamatan, village, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM report_months
GROUP BY indicator, day, district, kecamatan, village, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE TRIGGER report_area_cube_stage_insert AFTER INSERT ON report_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_area_cube_stage (indicator, day, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
    ON CONFLICT (indicator, day, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_cube_stage_update AFTER UPDATE ON report_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_cube_stage SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    INSERT INTO report_area_cube_stage (indicator, day, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
    ON CONFLICT (indicator, day, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_cube_stage_delete AFTER DELETE ON report_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_cube_stage SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
END;

INSERT INTO report_area_cube_stage (indicator, day, district, kecamatan, village, sex, age_group, stage, n) SELECT indicator, day, district, kecamatan, village, sex, age_group, stage, n FROM report_area_cube_stage_source;
