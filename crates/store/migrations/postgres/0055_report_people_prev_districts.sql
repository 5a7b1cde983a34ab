-- People first served in a month, by the month of their previous row, as
-- 0049 keeps them, without kecamatan (written by
-- scripts/gen-report-district-cubes.py: change it there).
--
-- A period starting inside a month and running over whole months reads
-- those months' rows whose previous month is before its first: twenty
-- months of one order were tens of thousands of rows per district at ten
-- million events, split by the kecamatans that most questions do not name.
-- Such a question (naming no kecamatan or village) reads this table, about
-- a fourth of 0049's rows in the demo. Kept from report_people_prev_months
-- by triggers in the same transaction, unless the aggregates are paused,
-- after which `report rebuild` writes it again from its view. On
-- PostgreSQL its key carries the count.

CREATE TABLE report_people_prev_districts (
    ord          TEXT NOT NULL,
    month        DATE NOT NULL,
    prev_month   DATE NOT NULL,
    district     TEXT NOT NULL,
    organisation UUID NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, month, prev_month, district, organisation, category, sex, age_group, stage) INCLUDE (n)
);

CREATE VIEW report_people_prev_districts_source AS
SELECT ord, month, prev_month, district, organisation, category, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM report_people_prev_months
GROUP BY ord, month, prev_month, district, organisation, category, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE FUNCTION report_people_prev_districts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE report_people_prev_districts SET n = n - OLD.n WHERE ord = OLD.ord AND month = OLD.month AND prev_month = OLD.prev_month AND district = OLD.district AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO report_people_prev_districts (ord, month, prev_month, district, organisation, category, sex, age_group, stage, n) VALUES (NEW.ord, NEW.month, NEW.prev_month, NEW.district, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
    ON CONFLICT (ord, month, prev_month, district, organisation, category, sex, age_group, stage) DO UPDATE SET n = report_people_prev_districts.n + excluded.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_people_prev_districts_keep AFTER INSERT OR UPDATE OR DELETE ON report_people_prev_months
FOR EACH ROW EXECUTE FUNCTION report_people_prev_districts_keep();

INSERT INTO report_people_prev_districts (ord, month, prev_month, district, organisation, category, sex, age_group, stage, n) SELECT ord, month, prev_month, district, organisation, category, sex, age_group, stage, n FROM report_people_prev_districts_source;

ANALYZE report_people_prev_districts;
