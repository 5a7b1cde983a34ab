-- Events by day and by month as 0034 keeps them, without kecamatan and
-- village (written by scripts/gen-report-district-cubes.py: change it there).
--
-- report_days and report_months hold about a row per event once villages
-- and people's attributes split them; most questions (a district, an
-- organisation, sex, age, stage, a category or channel) need no village, and
-- these tables answer them from a fraction of the rows. Each is kept from its
-- finer table by triggers in the same transaction (the difference of every
-- row written there), unless the aggregates are paused, after which `report
-- rebuild` writes it again from its view (*_source) and checks it.

CREATE TABLE report_district_days (
    indicator    TEXT NOT NULL,
    day          DATE NOT NULL,
    district     TEXT NOT NULL,
    organisation UUID NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    category     TEXT NOT NULL,
    detail       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, day, district, organisation, sex, age_group, stage, category, detail)
);

CREATE VIEW report_district_days_source AS
SELECT indicator, day, district, organisation, sex, age_group, stage, category, detail, CAST(SUM(n) AS BIGINT) AS n FROM report_days
GROUP BY indicator, day, district, organisation, sex, age_group, stage, category, detail HAVING SUM(n) <> 0;

CREATE FUNCTION report_district_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_district_days SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND organisation = OLD.organisation AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND category = OLD.category AND detail = OLD.detail;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_district_days (indicator, day, district, organisation, sex, age_group, stage, category, detail, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.organisation, NEW.sex, NEW.age_group, NEW.stage, NEW.category, NEW.detail, NEW.n)
    ON CONFLICT (indicator, day, district, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_district_days.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_district_days_keep AFTER INSERT OR UPDATE OR DELETE ON report_days
FOR EACH ROW EXECUTE FUNCTION report_district_days_keep();

INSERT INTO report_district_days (indicator, day, district, organisation, sex, age_group, stage, category, detail, n) SELECT indicator, day, district, organisation, sex, age_group, stage, category, detail, n FROM report_district_days_source;

CREATE TABLE report_district_months (
    indicator    TEXT NOT NULL,
    day          DATE NOT NULL,
    district     TEXT NOT NULL,
    organisation UUID NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    category     TEXT NOT NULL,
    detail       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, day, district, organisation, sex, age_group, stage, category, detail)
);

CREATE VIEW report_district_months_source AS
SELECT indicator, day, district, organisation, sex, age_group, stage, category, detail, CAST(SUM(n) AS BIGINT) AS n FROM report_months
GROUP BY indicator, day, district, organisation, sex, age_group, stage, category, detail HAVING SUM(n) <> 0;

CREATE FUNCTION report_district_months_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_district_months SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND organisation = OLD.organisation AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage AND category = OLD.category AND detail = OLD.detail;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_district_months (indicator, day, district, organisation, sex, age_group, stage, category, detail, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.organisation, NEW.sex, NEW.age_group, NEW.stage, NEW.category, NEW.detail, NEW.n)
    ON CONFLICT (indicator, day, district, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_district_months.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_district_months_keep AFTER INSERT OR UPDATE OR DELETE ON report_months
FOR EACH ROW EXECUTE FUNCTION report_district_months_keep();

INSERT INTO report_district_months (indicator, day, district, organisation, sex, age_group, stage, category, detail, n) SELECT indicator, day, district, organisation, sex, age_group, stage, category, detail, n FROM report_district_months_source;
