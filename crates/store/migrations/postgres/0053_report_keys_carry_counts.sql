-- The report aggregates' keys carry their counts (PostgreSQL).
--
-- A question reads a range of an aggregate table's key and sums `n`. On
-- PostgreSQL the key's index held no `n`, so every row read was a visit to
-- the table's heap, whose pages are not in key order: at ten million events
-- a loose period's rows carried over from its first month (36,000 rows) read
-- 33,000 heap pages (150-230 ms), the previous months 19,000 (70-160 ms), a
-- quarter by village 16,000 (150 ms). With `n` included in the primary key
-- (and the dimensions in the index of the carried rows) they are index-only
-- scans of consecutive index pages: 20, 29 and 12 ms. SQLite's tables are
-- WITHOUT ROWID, stored in key order with their counts: nothing to do there.
--
-- Rebuilding these indexes takes minutes on a database of ten million
-- events, during which the tables are locked: run it when the offices are
-- closed. Index-only scans also need the visibility map that (auto)vacuum
-- keeps.

ALTER TABLE report_days DROP CONSTRAINT report_days_pkey, ADD PRIMARY KEY (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) INCLUDE (n);
ALTER TABLE report_district_days DROP CONSTRAINT report_district_days_pkey, ADD PRIMARY KEY (indicator, day, district, organisation, sex, age_group, stage, category, detail) INCLUDE (n);
ALTER TABLE report_cube_category_days DROP CONSTRAINT report_cube_category_days_pkey, ADD PRIMARY KEY (indicator, day, district, sex, age_group, category, detail) INCLUDE (n);
ALTER TABLE report_cube_organisation_days DROP CONSTRAINT report_cube_organisation_days_pkey, ADD PRIMARY KEY (indicator, day, district, sex, age_group, organisation) INCLUDE (n);
ALTER TABLE report_cube_stage_days DROP CONSTRAINT report_cube_stage_days_pkey, ADD PRIMARY KEY (indicator, day, district, sex, age_group, stage) INCLUDE (n);
ALTER TABLE report_months DROP CONSTRAINT report_months_pkey, ADD PRIMARY KEY (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) INCLUDE (n);
ALTER TABLE report_area_months DROP CONSTRAINT report_area_months_pkey, ADD PRIMARY KEY (indicator, day, district, kecamatan, village, sex, category, detail) INCLUDE (n);
ALTER TABLE report_district_months DROP CONSTRAINT report_district_months_pkey, ADD PRIMARY KEY (indicator, day, district, organisation, sex, age_group, stage, category, detail) INCLUDE (n);
ALTER TABLE report_cube_category DROP CONSTRAINT report_cube_category_pkey, ADD PRIMARY KEY (indicator, day, district, sex, age_group, category, detail) INCLUDE (n);
ALTER TABLE report_cube_organisation DROP CONSTRAINT report_cube_organisation_pkey, ADD PRIMARY KEY (indicator, day, district, sex, age_group, organisation) INCLUDE (n);
ALTER TABLE report_cube_stage DROP CONSTRAINT report_cube_stage_pkey, ADD PRIMARY KEY (indicator, day, district, sex, age_group, stage) INCLUDE (n);
ALTER TABLE report_people_months DROP CONSTRAINT report_people_months_pkey, ADD PRIMARY KEY (ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage) INCLUDE (n);
ALTER TABLE report_people_periods DROP CONSTRAINT report_people_periods_pkey, ADD PRIMARY KEY (ord, grain, start, district, kecamatan, organisation, category, sex, age_group, stage) INCLUDE (n);
ALTER TABLE report_people_prev_months DROP CONSTRAINT report_people_prev_months_pkey, ADD PRIMARY KEY (ord, month, prev_month, district, kecamatan, organisation, category, sex, age_group, stage) INCLUDE (n);
ALTER TABLE report_people_village_periods DROP CONSTRAINT report_people_village_periods_pkey, ADD PRIMARY KEY (ord, grain, start, district, kecamatan, village, sex, age_group, stage) INCLUDE (n);

DROP INDEX report_people_months_prev;
CREATE INDEX report_people_months_prev ON report_people_months (ord, prev_day)
    INCLUDE (day, district, kecamatan, organisation, category, sex, age_group, stage, n);
