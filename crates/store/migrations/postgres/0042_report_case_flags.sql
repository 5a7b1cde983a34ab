-- Overdue first actions and forced-labour indicators from the aggregates
-- (they were counted live from every case, which takes seconds at 300,000
-- cases): a new facts view of cases, `report_facts_case_flags`, kept in
-- report_days and report_months by triggers of its own (paused as the
-- others are, and moved when the person's sex or home changes), and part
-- of the sources `report rebuild` compares with. Hours to acknowledge a
-- warning from whole seconds on SQLite (as on PostgreSQL).
-- - `forced_labour_indicators`: each ILO forced-labour indicator and
--   trafficking dimension of a case, on the local day it was opened, in the
--   case's district only, never by organisation (`category` the indicator,
--   `detail` the case kind); `forced_labour_cases`: each such case once
--   (the totals count cases, so that one case with many indicators is
--   never a published count of its own);
-- - `first_actions_late`: a first action taken after the SOP's deadline, or
--   a case closed after it without one, on the local day of the deadline
--   (`category` the kind, `detail` the stage). Open cases still without a
--   first action past their deadline are the live part (`report_records`,
--   from the partial index of cases waiting for one); the indicator
--   `first_actions_overdue` adds both.

CREATE VIEW report_facts_case_flags AS
SELECT x.id AS source_id, p.id AS person_id, 'forced_labour_indicators' AS indicator, ((x.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date AS day, x.district_code AS district, '' AS kecamatan, '' AS village, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, p.sex AS sex, '' AS age_group, '' AS stage, j.code AS category, x.kind AS detail, CAST(1 AS BIGINT) AS n
FROM cases x JOIN people p ON p.id = x.person_id CROSS JOIN LATERAL jsonb_array_elements_text(x.forced_labour_indicators::jsonb) j(code)
UNION ALL
SELECT x.id AS source_id, p.id AS person_id, 'forced_labour_indicators' AS indicator, ((x.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date AS day, x.district_code AS district, '' AS kecamatan, '' AS village, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, p.sex AS sex, '' AS age_group, '' AS stage, j.code AS category, x.kind AS detail, CAST(1 AS BIGINT) AS n
FROM cases x JOIN people p ON p.id = x.person_id CROSS JOIN LATERAL jsonb_array_elements_text(x.trafficking_dimensions::jsonb) j(code)
UNION ALL
SELECT x.id AS source_id, p.id AS person_id, 'forced_labour_cases' AS indicator, ((x.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date AS day, x.district_code AS district, '' AS kecamatan, '' AS village, '00000000-0000-0000-0000-000000000000'::uuid AS organisation, p.sex AS sex, '' AS age_group, '' AS stage, '' AS category, x.kind AS detail, CAST(1 AS BIGINT) AS n
FROM cases x JOIN people p ON p.id = x.person_id
WHERE x.forced_labour_indicators <> '[]' OR x.trafficking_dimensions <> '[]'
UNION ALL
SELECT x.id AS source_id, p.id AS person_id, 'first_actions_late' AS indicator, ((x.first_action_due) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date AS day, p.district_code AS district, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END) AS kecamatan, coalesce(p.village_code, '') AS village, x.organisation_id AS organisation, p.sex AS sex, '' AS age_group, '' AS stage, x.kind AS category, x.stage AS detail, CAST(1 AS BIGINT) AS n
FROM cases x JOIN people p ON p.id = x.person_id
WHERE (x.first_action_at > x.first_action_due OR (x.first_action_at IS NULL AND x.closed_at > x.first_action_due));

DROP VIEW report_days_source;
CREATE VIEW report_days_source AS
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) AS n FROM (
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_visits
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_visit_desks
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_cases
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_referrals
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_hotline_contacts
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_activity_attendance
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_case_flags
) facts
GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
HAVING SUM(n) <> 0;

DROP VIEW report_months_source;
CREATE VIEW report_months_source AS
SELECT indicator, date_trunc('month', day)::date AS day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) AS n FROM (
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_visits
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_visit_desks
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_cases
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_referrals
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_hotline_contacts
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_activity_attendance
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_case_flags
) facts
GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
HAVING SUM(n) <> 0;

INSERT INTO report_days (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) FROM report_facts_case_flags GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail;
INSERT INTO report_months (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
SELECT indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n)
FROM report_facts_case_flags GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail;

CREATE FUNCTION report_case_flags_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    INSERT INTO report_days (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = NEW.id) facts WHERE true
    GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_days.n + excluded.n;
    INSERT INTO report_months (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = NEW.id) facts WHERE true
    GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_months.n + excluded.n;
    RETURN NULL;
END $$;
CREATE TRIGGER report_case_flags_insert AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION report_case_flags_insert();

CREATE FUNCTION report_case_flags_update_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NEW; END IF;
    INSERT INTO report_days (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, -SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = OLD.id) facts WHERE true
    GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_days.n + excluded.n;
    INSERT INTO report_months (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, -SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = OLD.id) facts WHERE true
    GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_months.n + excluded.n;
    RETURN NEW;
END $$;
CREATE TRIGGER report_case_flags_update_before BEFORE UPDATE OF person_id, kind, stage, organisation_id, district_code, opened_at, closed_at, first_action_due, first_action_at, forced_labour_indicators, trafficking_dimensions ON cases FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.stage IS DISTINCT FROM NEW.stage OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.district_code IS DISTINCT FROM NEW.district_code OR OLD.opened_at IS DISTINCT FROM NEW.opened_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.first_action_due IS DISTINCT FROM NEW.first_action_due OR OLD.first_action_at IS DISTINCT FROM NEW.first_action_at OR OLD.forced_labour_indicators IS DISTINCT FROM NEW.forced_labour_indicators OR OLD.trafficking_dimensions IS DISTINCT FROM NEW.trafficking_dimensions) EXECUTE FUNCTION report_case_flags_update_before();

CREATE FUNCTION report_case_flags_update_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    INSERT INTO report_days (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = NEW.id) facts WHERE true
    GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_days.n + excluded.n;
    INSERT INTO report_months (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = NEW.id) facts WHERE true
    GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_months.n + excluded.n;
    RETURN NULL;
END $$;
CREATE TRIGGER report_case_flags_update_after AFTER UPDATE OF person_id, kind, stage, organisation_id, district_code, opened_at, closed_at, first_action_due, first_action_at, forced_labour_indicators, trafficking_dimensions ON cases FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.stage IS DISTINCT FROM NEW.stage OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id OR OLD.district_code IS DISTINCT FROM NEW.district_code OR OLD.opened_at IS DISTINCT FROM NEW.opened_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.first_action_due IS DISTINCT FROM NEW.first_action_due OR OLD.first_action_at IS DISTINCT FROM NEW.first_action_at OR OLD.forced_labour_indicators IS DISTINCT FROM NEW.forced_labour_indicators OR OLD.trafficking_dimensions IS DISTINCT FROM NEW.trafficking_dimensions) EXECUTE FUNCTION report_case_flags_update_after();

CREATE FUNCTION report_case_flags_delete_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN OLD; END IF;
    INSERT INTO report_days (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, -SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = OLD.id) facts WHERE true
    GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_days.n + excluded.n;
    INSERT INTO report_months (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, -SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE source_id = OLD.id) facts WHERE true
    GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_months.n + excluded.n;
    RETURN OLD;
END $$;
CREATE TRIGGER report_case_flags_delete_before BEFORE DELETE ON cases FOR EACH ROW EXECUTE FUNCTION report_case_flags_delete_before();

CREATE FUNCTION report_case_flags_people_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NEW; END IF;
    INSERT INTO report_days (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, -SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE person_id = OLD.id) facts WHERE true
    GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_days.n + excluded.n;
    INSERT INTO report_months (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, -SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE person_id = OLD.id) facts WHERE true
    GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_months.n + excluded.n;
    RETURN NEW;
END $$;
CREATE TRIGGER report_case_flags_people_before BEFORE UPDATE OF sex, village_code, district_code ON people FOR EACH ROW WHEN (OLD.sex IS DISTINCT FROM NEW.sex OR OLD.village_code IS DISTINCT FROM NEW.village_code OR OLD.district_code IS DISTINCT FROM NEW.district_code) EXECUTE FUNCTION report_case_flags_people_before();

CREATE FUNCTION report_case_flags_people_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;
    INSERT INTO report_days (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE person_id = NEW.id) facts WHERE true
    GROUP BY indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_days.n + excluded.n;
    INSERT INTO report_months (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n)
    SELECT indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n) FROM (SELECT * FROM report_facts_case_flags WHERE person_id = NEW.id) facts WHERE true
    GROUP BY indicator, date_trunc('month', day)::date, district, kecamatan, village, organisation, sex, age_group, stage, category, detail
    ON CONFLICT (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail) DO UPDATE SET n = report_months.n + excluded.n;
    RETURN NULL;
END $$;
CREATE TRIGGER report_case_flags_people_after AFTER UPDATE OF sex, village_code, district_code ON people FOR EACH ROW WHEN (OLD.sex IS DISTINCT FROM NEW.sex OR OLD.village_code IS DISTINCT FROM NEW.village_code OR OLD.district_code IS DISTINCT FROM NEW.district_code) EXECUTE FUNCTION report_case_flags_people_after();

DROP VIEW report_records;
CREATE VIEW report_records AS
SELECT 'women_reached' AS indicator, a.on_date AS day, substr(a.area_code, 1, 5) AS district, (CASE WHEN length(a.area_code) >= 8 THEN substr(a.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(a.area_code) > 8 THEN a.area_code ELSE '' END) AS village,
       a.organisation_id AS organisation, 'female' AS sex, x.age_group AS age_group, '' AS stage,
       a.kind AS category, 'offline' AS detail, CAST(x.count AS BIGINT) AS n
  FROM activity_attendance x JOIN activities a ON a.id = x.activity_id
  WHERE x.sex = 'female' AND a.kind IN ('info_session', 'outreach_event', 'consultations', 'training')
UNION ALL
SELECT 'women_reached', c.starts_on, substr(c.area_code, 1, 5) AS district, (CASE WHEN length(c.area_code) >= 8 THEN substr(c.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(c.area_code) > 8 THEN c.area_code ELSE '' END) AS village,
       c.organiser_id, 'female', '', '', 'campaign', 'online', CAST(c.women_reached AS BIGINT)
  FROM campaigns c WHERE c.women_reached > 0
UNION ALL
SELECT 'people_trained', a.on_date, substr(a.area_code, 1, 5) AS district, (CASE WHEN length(a.area_code) >= 8 THEN substr(a.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(a.area_code) > 8 THEN a.area_code ELSE '' END) AS village,
       a.organisation_id, x.sex, x.age_group, '', COALESCE(a.topic, ''), x.participant, CAST(x.count AS BIGINT)
  FROM activity_attendance x JOIN activities a ON a.id = x.activity_id
  WHERE a.kind = 'training'
UNION ALL
SELECT 'people_organised', m.joined_on, p.district_code AS district, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END), (CASE WHEN length(p.village_code) > 8 THEN p.village_code ELSE '' END),
       m.organisation_id, p.sex, '', '', '', '', CAST(1 AS BIGINT)
  FROM memberships m JOIN people p ON p.id = m.person_id
  WHERE NOT EXISTS (SELECT 1 FROM memberships e WHERE e.person_id = m.person_id
                    AND (e.joined_on < m.joined_on OR (e.joined_on = m.joined_on AND e.id < m.id)))
UNION ALL
SELECT 'local_regulations', r.issued_on, substr(r.area_code, 1, 5) AS district, (CASE WHEN length(r.area_code) >= 8 THEN substr(r.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(r.area_code) > 8 THEN r.area_code ELSE '' END) AS village,
       '00000000-0000-0000-0000-000000000000'::uuid, '', '', '', COALESCE(r.topic, ''), r.level, CAST(1 AS BIGINT)
  FROM regulations r WHERE r.status = 'issued' AND r.issued_on IS NOT NULL
UNION ALL
SELECT 'villages', ((o.created_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(o.area_code, 1, 5) AS district, (CASE WHEN length(o.area_code) >= 8 THEN substr(o.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(o.area_code) > 8 THEN o.area_code ELSE '' END) AS village,
       o.id, '', '', '', '', '', CAST(1 AS BIGINT)
  FROM organisations o WHERE o.kind = 'village_government' AND o.active = true
UNION ALL
SELECT 'competency_tests_passed', t.on_date, t.district_code,
       (CASE WHEN length(p.village_code) > 8 AND substr(p.village_code, 1, 5) = t.district_code THEN substr(p.village_code, 1, 8) ELSE '' END),
       (CASE WHEN length(p.village_code) > 8 AND substr(p.village_code, 1, 5) = t.district_code THEN p.village_code ELSE '' END),
       t.organisation_id, p.sex, '', '', '', '', CAST(1 AS BIGINT)
  FROM competency_candidates k JOIN competency_tests t ON t.id = k.test_id JOIN people p ON p.id = k.person_id
  WHERE k.result = 'competent'
UNION ALL
SELECT 'early_warnings', ((w.raised_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(w.village_code, 1, 5),
       (CASE WHEN w.restricted THEN '' ELSE substr(w.village_code, 1, 8) END),
       (CASE WHEN w.restricted THEN '' ELSE w.village_code END),
       (CASE WHEN w.restricted THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE w.raised_by_organisation END), '', '', '', w.kind, COALESCE(w.outcome, ''), CAST(1 AS BIGINT)
  FROM early_warnings w
UNION ALL
SELECT 'village_registrations', ((v.created_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(v.village_code, 1, 5), substr(v.village_code, 1, 8), v.village_code,
       v.organisation_id, '', '', '', '', v.status, CAST(1 AS BIGINT)
  FROM village_registrations v
UNION ALL
SELECT 'departures', n.on_date, substr(n.village_code, 1, 5), substr(n.village_code, 1, 8), n.village_code,
       n.organisation_id, p.sex, '', '', '', COALESCE(n.channel, ''), CAST(1 AS BIGINT)
  FROM migration_notices n JOIN people p ON p.id = n.person_id WHERE n.kind = 'departure'
UNION ALL
SELECT 'returns', n.on_date, substr(n.village_code, 1, 5), substr(n.village_code, 1, 8), n.village_code,
       n.organisation_id, p.sex, '', '', COALESCE(n.reason, ''), COALESCE(n.follow_up, ''), CAST(1 AS BIGINT)
  FROM migration_notices n JOIN people p ON p.id = n.person_id WHERE n.kind = 'return'
UNION ALL
SELECT 'forum_actions_done', f.closed_on, f.district_code, '', '',
       f.owner_id, '', '', '', '', '', CAST(1 AS BIGINT)
  FROM forum_actions f WHERE f.status = 'done' AND f.closed_on IS NOT NULL
UNION ALL
SELECT 'gbv_incidents', i.first_report_date, c.district_code, '', '',
       '00000000-0000-0000-0000-000000000000'::uuid, p.sex, '', '', i.gbv_type, '', CAST(1 AS BIGINT)
  FROM case_incidents i JOIN cases c ON c.id = i.case_id JOIN people p ON p.id = c.person_id
  WHERE i.reporting_consent = TRUE AND i.gbv_type <> 'non_gbv'
    AND NOT EXISTS (SELECT 1 FROM case_incidents e JOIN cases ec ON ec.id = e.case_id
                    WHERE ec.person_id = c.person_id AND e.gbv_type = i.gbv_type
                      AND e.incident_date = i.incident_date AND e.reporting_consent = TRUE
                      AND (ec.opened_at < c.opened_at OR (ec.opened_at = c.opened_at AND ec.id < c.id)))
UNION ALL
SELECT 'first_actions_overdue', ((c.first_action_due) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, p.district_code, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END), coalesce(p.village_code, ''),
       c.organisation_id, p.sex, '', '', c.kind, c.stage, CAST(1 AS BIGINT)
  FROM cases c JOIN people p ON p.id = c.person_id
  WHERE c.status = 'open' AND c.first_action_at IS NULL AND c.first_action_due < now()
UNION ALL
SELECT 'amounts_claimed', day, district, kecamatan, village, organisation, sex, '', '', kind, '', CAST(1 AS BIGINT) FROM report_claims
UNION ALL
SELECT 'amounts_claimed_idr', day, district, kecamatan, village, organisation, sex, '', '', kind, '', idr FROM report_claims
UNION ALL
SELECT 'amounts_recovered', day, district, kecamatan, village, organisation, sex, '', '', kind, '', CAST(1 AS BIGINT) FROM report_recoveries
UNION ALL
SELECT 'amounts_recovered_idr', day, district, kecamatan, village, organisation, sex, '', '', kind, '', idr FROM report_recoveries
UNION ALL
SELECT 'warning_hours_to_acknowledge', ((w.raised_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(w.village_code, 1, 5),
       (CASE WHEN w.restricted THEN '' ELSE substr(w.village_code, 1, 8) END),
       (CASE WHEN w.restricted THEN '' ELSE w.village_code END),
       (CASE WHEN w.restricted THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE w.raised_by_organisation END), '', '', '', w.kind, CAST(FLOOR(EXTRACT(EPOCH FROM (w.acknowledged_at - w.raised_at)) / 3600) AS BIGINT)::text, CAST(1 AS BIGINT)
  FROM early_warnings w WHERE w.acknowledged_at IS NOT NULL;
