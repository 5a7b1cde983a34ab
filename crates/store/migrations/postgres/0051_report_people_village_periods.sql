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
    start        DATE NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, grain, start, district, kecamatan, village, sex, age_group, stage)
);

CREATE VIEW report_people_village_periods_source AS
SELECT ord, grain, start, district, kecamatan, village, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT ord, 'M' AS grain, CAST(date_trunc('month', day) AS DATE) AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_months WHERE ord = 'any'
UNION ALL
SELECT ord, 'Q' AS grain, CAST(date_trunc('quarter', day) AS DATE) AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_months WHERE ord = 'any' AND prev_day < CAST(date_trunc('quarter', day) AS DATE)
UNION ALL
SELECT ord, 'Y' AS grain, CAST(date_trunc('year', day) AS DATE) AS start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_months WHERE ord = 'any' AND prev_day < CAST(date_trunc('year', day) AS DATE)
) t
GROUP BY ord, grain, start, district, kecamatan, village, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE FUNCTION report_people_village_periods_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        IF OLD.ord = 'any' THEN
            UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'M' AND start = CAST(date_trunc('month', OLD.day) AS DATE) AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
        END IF;
        IF OLD.ord = 'any' AND OLD.prev_day < CAST(date_trunc('quarter', OLD.day) AS DATE) THEN
            UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'Q' AND start = CAST(date_trunc('quarter', OLD.day) AS DATE) AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
        END IF;
        IF OLD.ord = 'any' AND OLD.prev_day < CAST(date_trunc('year', OLD.day) AS DATE) THEN
            UPDATE report_people_village_periods SET n = n - OLD.n WHERE ord = OLD.ord AND grain = 'Y' AND start = CAST(date_trunc('year', OLD.day) AS DATE) AND district = OLD.district AND kecamatan = OLD.kecamatan AND village = OLD.village AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.ord = 'any' THEN
            INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.ord, 'M', CAST(date_trunc('month', NEW.day) AS DATE), NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = report_people_village_periods.n + excluded.n;
        END IF;
        IF NEW.ord = 'any' AND NEW.prev_day < CAST(date_trunc('quarter', NEW.day) AS DATE) THEN
            INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.ord, 'Q', CAST(date_trunc('quarter', NEW.day) AS DATE), NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = report_people_village_periods.n + excluded.n;
        END IF;
        IF NEW.ord = 'any' AND NEW.prev_day < CAST(date_trunc('year', NEW.day) AS DATE) THEN
            INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) VALUES (NEW.ord, 'Y', CAST(date_trunc('year', NEW.day) AS DATE), NEW.district, NEW.kecamatan, NEW.village, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (ord, grain, start, district, kecamatan, village, sex, age_group, stage) DO UPDATE SET n = report_people_village_periods.n + excluded.n;
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_people_village_periods_keep AFTER INSERT OR UPDATE OR DELETE ON report_people_months
FOR EACH ROW EXECUTE FUNCTION report_people_village_periods_keep();

INSERT INTO report_people_village_periods (ord, grain, start, district, kecamatan, village, sex, age_group, stage, n) SELECT ord, grain, start, district, kecamatan, village, sex, age_group, stage, n FROM report_people_village_periods_source;
