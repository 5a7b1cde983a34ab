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
    month        DATE NOT NULL,
    prev_month   DATE NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    organisation UUID NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage)
);

CREATE INDEX report_people_months_prev ON report_people_months (ord, prev_day);

CREATE VIEW report_people_prev_months_source AS
SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM (
SELECT ord AS ord, CAST(date_trunc('month', day) AS DATE) AS month, GREATEST(CAST(date_trunc('month', prev_day) AS DATE), CAST(date_trunc('month', day) - interval '24 months' AS DATE)) AS prev_month, district AS district, kecamatan AS kecamatan, organisation AS organisation, category AS category, sex AS sex, age_group AS age_group, stage AS stage, n FROM report_people_months
) t
GROUP BY ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE FUNCTION report_people_prev_months_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_people_prev_months SET n = n - OLD.n WHERE ord = OLD.ord AND month = CAST(date_trunc('month', OLD.day) AS DATE) AND prev_month = GREATEST(CAST(date_trunc('month', OLD.prev_day) AS DATE), CAST(date_trunc('month', OLD.day) - interval '24 months' AS DATE)) AND district = OLD.district AND kecamatan = OLD.kecamatan AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_people_prev_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n) VALUES (NEW.ord, CAST(date_trunc('month', NEW.day) AS DATE), GREATEST(CAST(date_trunc('month', NEW.prev_day) AS DATE), CAST(date_trunc('month', NEW.day) - interval '24 months' AS DATE)), NEW.district, NEW.kecamatan, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
        ON CONFLICT (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_prev_months.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_people_prev_months_keep AFTER INSERT OR UPDATE OR DELETE ON report_people_months
FOR EACH ROW EXECUTE FUNCTION report_people_prev_months_keep();

INSERT INTO report_people_prev_months (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n) SELECT ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage, n FROM report_people_prev_months_source;
