-- Events by day and district with sex and age group and at most one more
-- attribute, as 0050 keeps them by month (written by
-- scripts/gen-report-district-cubes.py: change it there).
--
-- A period that starts or ends inside a month reads those months' days
-- from report_district_days, whose rows every attribute splits: three
-- weeks of one indicator were over a hundred thousand rows at ten million
-- events, and such questions were the slowest of the events'. Each is
-- answered from the smallest of these cubes that keeps what it names, as
-- the months are from 0050's. Each is kept from report_district_days by
-- triggers in the same transaction, unless the aggregates are paused, after
-- which `report rebuild` writes it again from its view.

CREATE TABLE report_cube_category_days (
    indicator    TEXT NOT NULL,
    day          DATE NOT NULL,
    district     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    category     TEXT NOT NULL,
    detail       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, day, district, sex, age_group, category, detail)
);

CREATE VIEW report_cube_category_days_source AS
SELECT indicator, day, district, sex, age_group, category, detail, CAST(SUM(n) AS BIGINT) AS n FROM report_district_days
GROUP BY indicator, day, district, sex, age_group, category, detail HAVING SUM(n) <> 0;

CREATE FUNCTION report_cube_category_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_cube_category_days SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND sex = OLD.sex AND age_group = OLD.age_group AND category = OLD.category AND detail = OLD.detail;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_cube_category_days (indicator, day, district, sex, age_group, category, detail, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.sex, NEW.age_group, NEW.category, NEW.detail, NEW.n)
    ON CONFLICT (indicator, day, district, sex, age_group, category, detail) DO UPDATE SET n = report_cube_category_days.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_cube_category_days_keep AFTER INSERT OR UPDATE OR DELETE ON report_district_days
FOR EACH ROW EXECUTE FUNCTION report_cube_category_days_keep();

INSERT INTO report_cube_category_days (indicator, day, district, sex, age_group, category, detail, n) SELECT indicator, day, district, sex, age_group, category, detail, n FROM report_cube_category_days_source;

CREATE TABLE report_cube_organisation_days (
    indicator    TEXT NOT NULL,
    day          DATE NOT NULL,
    district     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    organisation UUID NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, day, district, sex, age_group, organisation)
);

CREATE VIEW report_cube_organisation_days_source AS
SELECT indicator, day, district, sex, age_group, organisation, CAST(SUM(n) AS BIGINT) AS n FROM report_district_days
GROUP BY indicator, day, district, sex, age_group, organisation HAVING SUM(n) <> 0;

CREATE FUNCTION report_cube_organisation_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_cube_organisation_days SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND sex = OLD.sex AND age_group = OLD.age_group AND organisation = OLD.organisation;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_cube_organisation_days (indicator, day, district, sex, age_group, organisation, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.sex, NEW.age_group, NEW.organisation, NEW.n)
    ON CONFLICT (indicator, day, district, sex, age_group, organisation) DO UPDATE SET n = report_cube_organisation_days.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_cube_organisation_days_keep AFTER INSERT OR UPDATE OR DELETE ON report_district_days
FOR EACH ROW EXECUTE FUNCTION report_cube_organisation_days_keep();

INSERT INTO report_cube_organisation_days (indicator, day, district, sex, age_group, organisation, n) SELECT indicator, day, district, sex, age_group, organisation, n FROM report_cube_organisation_days_source;

CREATE TABLE report_cube_stage_days (
    indicator    TEXT NOT NULL,
    day          DATE NOT NULL,
    district     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (indicator, day, district, sex, age_group, stage)
);

CREATE VIEW report_cube_stage_days_source AS
SELECT indicator, day, district, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM report_district_days
GROUP BY indicator, day, district, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE FUNCTION report_cube_stage_days_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_cube_stage_days SET n = n - OLD.n WHERE indicator = OLD.indicator AND day = OLD.day AND district = OLD.district AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_cube_stage_days (indicator, day, district, sex, age_group, stage, n) VALUES (NEW.indicator, NEW.day, NEW.district, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
    ON CONFLICT (indicator, day, district, sex, age_group, stage) DO UPDATE SET n = report_cube_stage_days.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_cube_stage_days_keep AFTER INSERT OR UPDATE OR DELETE ON report_district_days
FOR EACH ROW EXECUTE FUNCTION report_cube_stage_days_keep();

INSERT INTO report_cube_stage_days (indicator, day, district, sex, age_group, stage, n) SELECT indicator, day, district, sex, age_group, stage, n FROM report_cube_stage_days_source;
