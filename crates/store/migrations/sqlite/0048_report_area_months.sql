-- Events by month and area (district, kecamatan, village) with sex, category
-- and detail, without organisations, age groups or migration stages (written
-- by scripts/gen-report-district-cubes.py: change it there).
--
-- A question by kecamatan or village over months read report_months, about a
-- row per event once organisations and people's attributes split it; this
-- table answers those that name none of them from a fraction of the rows.
-- Kept from report_months by triggers in the same transaction (the
-- difference of every row written there), unless the aggregates are paused,
-- after which `report rebuild` writes it again from its view.

CREATE TABLE report_area_months (
    indicator    TEXT NOT NULL,
    day          TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    category     TEXT NOT NULL,
    detail       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, day, district, kecamatan, village, sex, category, detail)
) WITHOUT ROWID;

CREATE VIEW report_area_months_source AS
SELECT indicator, day, district, kecamatan, village, sex, category, detail, CAST(SUM(n) AS BIGINT) AS n FROM report_months
GROUP BY indicator, day, district, kecamatan, village, sex, category, detail HAVING SUM(n) <> 0;

CREATE TRIGGER report_area_months_insert AFTER INSERT ON report_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_area_months (indicator, day, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
    ON CONFLICT (indicator, day, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_months_update AFTER UPDATE ON report_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_months SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
    INSERT INTO report_area_months (indicator, day, district, kecamatan, village, sex, category, detail, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.category, NEW.detail, NEW.n)
    ON CONFLICT (indicator, day, district, kecamatan, village, sex, category, detail) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_area_months_delete AFTER DELETE ON report_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_area_months SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND category = OLD.category AND detail = OLD.detail;
END;

INSERT INTO report_area_months (indicator, day, district, kecamatan, village, sex, category, detail, n) SELECT indicator, day, district, kecamatan, village, sex, category, detail, n FROM report_area_months_source;
