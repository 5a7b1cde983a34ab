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
    start        DATE NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    category     TEXT NOT NULL,
    detail       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, grain, start, district, kecamatan, village, sex, category, detail) INCLUDE (n)
);

CREATE VIEW report_area_periods_source AS
SELECT indicator, grain, start, district, kecamatan, village, sex, category, detail, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT indicator, 'Q' AS grain, CAST(date_trunc('quarter', day) AS DATE) AS start, district, kecamatan, village, sex, category, detail, n FROM report_area_months
UNION ALL
SELECT indicator, 'Y' AS grain, CAST(date_trunc('year', day) AS DATE) AS start, district, kecamatan, village, sex, category, detail, n FROM report_area_months
) t
GROUP BY indicator, grain, start, district, kecamatan, village, sex, category, detail HAVING SUM(n) <> 0;

CREATE FUNCTION report_area_periods_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_area_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Q' AND start = CAST(date_trunc('quarter', OLD.day) AS DATE) AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
        UPDATE report_area_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Y' AND start = CAST(date_trunc('year', OLD.day) AS DATE) AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, 'Q', CAST(date_trunc('quarter', NEW.day) AS DATE), NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = report_area_periods.n + excluded.n;
        INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, 'Y', CAST(date_trunc('year', NEW.day) AS DATE), NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = report_area_periods.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_area_periods_keep AFTER INSERT OR UPDATE OR DELETE ON report_area_months
FOR EACH ROW EXECUTE FUNCTION report_area_periods_keep();

INSERT INTO report_area_periods (indicator, grain, start, district, kecamatan, village, sex, category, detail, n) SELECT indicator, grain, start, district, kecamatan, village, sex, category, detail, n FROM report_area_periods_source;

ANALYZE report_area_periods;

CREATE TABLE report_area_cube_stage_periods (
    indicator    TEXT NOT NULL,
    grain        TEXT NOT NULL,
    start        DATE NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, grain, start, district, kecamatan, village, sex, age_group, stage) INCLUDE (n)
);

CREATE VIEW report_area_cube_stage_periods_source AS
SELECT indicator, grain, start, district, kecamatan, village, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT indicator, 'Q' AS grain, CAST(date_trunc('quarter', day) AS DATE) AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_area_cube_stage
UNION ALL
SELECT indicator, 'Y' AS grain, CAST(date_trunc('year', day) AS DATE) AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_area_cube_stage
) t
GROUP BY indicator, grain, start, district, kecamatan, village, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE FUNCTION report_area_cube_stage_periods_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_area_cube_stage_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Q' AND start = CAST(date_trunc('quarter', OLD.day) AS DATE) AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
        UPDATE report_area_cube_stage_periods SET n = n - OLD.n WHERE indicator = OLD.indicator AND grain = 'Y' AND start = CAST(date_trunc('year', OLD.day) AS DATE) AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, 'Q', CAST(date_trunc('quarter', NEW.day) AS DATE), NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = report_area_cube_stage_periods.n + excluded.n;
        INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.indicator, 'Y', CAST(date_trunc('year', NEW.day) AS DATE), NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (indicator, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = report_area_cube_stage_periods.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_area_cube_stage_periods_keep AFTER INSERT OR UPDATE OR DELETE ON report_area_cube_stage
FOR EACH ROW EXECUTE FUNCTION report_area_cube_stage_periods_keep();

INSERT INTO report_area_cube_stage_periods (indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT indicator, grain, start, district, kecamatan, village, sex, age_group, stage, n FROM report_area_cube_stage_periods_source;

ANALYZE report_area_cube_stage_periods;
