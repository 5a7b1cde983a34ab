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
    month        TEXT NOT NULL,
    prev_month   TEXT NOT NULL,
    district     TEXT NOT NULL,
    organisation BLOB NOT NULL,
    category     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (ord, month, prev_month, district, organisation, category, sex, age_group, stage)
) WITHOUT ROWID;

CREATE VIEW report_people_prev_districts_source AS
SELECT ord, month, prev_month, district, organisation, category, sex, age_group, stage, CAST(SUM(n) AS BIGINT) AS n FROM report_people_prev_months
GROUP BY ord, month, prev_month, district, organisation, category, sex, age_group, stage HAVING SUM(n) <> 0;

CREATE TRIGGER report_people_prev_districts_insert AFTER INSERT ON report_people_prev_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    INSERT INTO report_people_prev_districts (ord, month, prev_month, district, organisation, category, sex, age_group, stage, n) VALUES (NEW.ord, NEW.month, NEW.prev_month, NEW.district, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
    ON CONFLICT (ord, month, prev_month, district, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_prev_districts_update AFTER UPDATE ON report_people_prev_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_prev_districts SET n = n - OLD.n WHERE ord = OLD.ord AND month = OLD.month AND prev_month = OLD.prev_month AND district = OLD.district AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
    INSERT INTO report_people_prev_districts (ord, month, prev_month, district, organisation, category, sex, age_group, stage, n) VALUES (NEW.ord, NEW.month, NEW.prev_month, NEW.district, NEW.organisation, NEW.category, NEW.sex, NEW.age_group, NEW.stage, NEW.n)
    ON CONFLICT (ord, month, prev_month, district, organisation, category, sex, age_group, stage) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER report_people_prev_districts_delete AFTER DELETE ON report_people_prev_months
WHEN (SELECT paused FROM report_state) = 0
BEGIN
    UPDATE report_people_prev_districts SET n = n - OLD.n WHERE ord = OLD.ord AND month = OLD.month AND prev_month = OLD.prev_month AND district = OLD.district AND organisation = OLD.organisation AND category = OLD.category AND sex = OLD.sex AND age_group = OLD.age_group AND stage = OLD.stage;
END;

INSERT INTO report_people_prev_districts (ord, month, prev_month, district, organisation, category, sex, age_group, stage, n) SELECT ord, month, prev_month, district, organisation, category, sex, age_group, stage, n FROM report_people_prev_districts_source;
