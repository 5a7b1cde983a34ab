-- One view of live records per indicator (written by
-- scripts/gen-report-records-views.py from 0042's report_records: change it
-- there).
--
-- report_records is the union of every indicator counted live from small
-- tables of its own. A question names one indicator, yet every branch of
-- the union was prepared (SQLite) or planned (PostgreSQL: about ten
-- milliseconds a question, run in a fraction of one; the headline asks
-- five such indicators at once). The store now reads the indicator's own
-- view, report_records_<indicator>; report_records stays, the union of
-- those views, as before.

DROP VIEW report_records;

CREATE VIEW report_records_women_reached (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'women_reached' AS indicator, a.on_date AS day, substr(a.area_code, 1, 5) AS district, (CASE WHEN length(a.area_code) >= 8 THEN substr(a.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(a.area_code) > 8 THEN a.area_code ELSE '' END) AS village,
       a.organisation_id AS organisation, 'female' AS sex, x.age_group AS age_group, '' AS stage,
       a.kind AS category, 'offline' AS detail, CAST(x.count AS BIGINT) AS n
  FROM activity_attendance x JOIN activities a ON a.id = x.activity_id
  WHERE x.sex = 'female' AND a.kind IN ('info_session', 'outreach_event', 'consultations', 'training')
UNION ALL
SELECT 'women_reached', c.starts_on, substr(c.area_code, 1, 5) AS district, (CASE WHEN length(c.area_code) >= 8 THEN substr(c.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(c.area_code) > 8 THEN c.area_code ELSE '' END) AS village,
       c.organiser_id, 'female', '', '', 'campaign', 'online', CAST(c.women_reached AS BIGINT)
  FROM campaigns c WHERE c.women_reached > 0;

CREATE VIEW report_records_people_trained (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'people_trained', a.on_date, substr(a.area_code, 1, 5) AS district, (CASE WHEN length(a.area_code) >= 8 THEN substr(a.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(a.area_code) > 8 THEN a.area_code ELSE '' END) AS village,
       a.organisation_id, x.sex, x.age_group, '', COALESCE(a.topic, ''), x.participant, CAST(x.count AS BIGINT)
  FROM activity_attendance x JOIN activities a ON a.id = x.activity_id
  WHERE a.kind = 'training';

CREATE VIEW report_records_people_organised (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'people_organised', m.joined_on, p.district_code AS district, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END), (CASE WHEN length(p.village_code) > 8 THEN p.village_code ELSE '' END),
       m.organisation_id, p.sex, '', '', '', '', CAST(1 AS BIGINT)
  FROM memberships m JOIN people p ON p.id = m.person_id
  WHERE NOT EXISTS (SELECT 1 FROM memberships e WHERE e.person_id = m.person_id
                    AND (e.joined_on < m.joined_on OR (e.joined_on = m.joined_on AND e.id < m.id)));

CREATE VIEW report_records_local_regulations (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'local_regulations', r.issued_on, substr(r.area_code, 1, 5) AS district, (CASE WHEN length(r.area_code) >= 8 THEN substr(r.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(r.area_code) > 8 THEN r.area_code ELSE '' END) AS village,
       '00000000-0000-0000-0000-000000000000'::uuid, '', '', '', COALESCE(r.topic, ''), r.level, CAST(1 AS BIGINT)
  FROM regulations r WHERE r.status = 'issued' AND r.issued_on IS NOT NULL;

CREATE VIEW report_records_villages (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'villages', ((o.created_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(o.area_code, 1, 5) AS district, (CASE WHEN length(o.area_code) >= 8 THEN substr(o.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(o.area_code) > 8 THEN o.area_code ELSE '' END) AS village,
       o.id, '', '', '', '', '', CAST(1 AS BIGINT)
  FROM organisations o WHERE o.kind = 'village_government' AND o.active = true;

CREATE VIEW report_records_competency_tests_passed (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'competency_tests_passed', t.on_date, t.district_code,
       (CASE WHEN length(p.village_code) > 8 AND substr(p.village_code, 1, 5) = t.district_code THEN substr(p.village_code, 1, 8) ELSE '' END),
       (CASE WHEN length(p.village_code) > 8 AND substr(p.village_code, 1, 5) = t.district_code THEN p.village_code ELSE '' END),
       t.organisation_id, p.sex, '', '', '', '', CAST(1 AS BIGINT)
  FROM competency_candidates k JOIN competency_tests t ON t.id = k.test_id JOIN people p ON p.id = k.person_id
  WHERE k.result = 'competent';

CREATE VIEW report_records_early_warnings (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'early_warnings', ((w.raised_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(w.village_code, 1, 5),
       (CASE WHEN w.restricted THEN '' ELSE substr(w.village_code, 1, 8) END),
       (CASE WHEN w.restricted THEN '' ELSE w.village_code END),
       (CASE WHEN w.restricted THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE w.raised_by_organisation END), '', '', '', w.kind, COALESCE(w.outcome, ''), CAST(1 AS BIGINT)
  FROM early_warnings w;

CREATE VIEW report_records_village_registrations (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'village_registrations', ((v.created_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(v.village_code, 1, 5), substr(v.village_code, 1, 8), v.village_code,
       v.organisation_id, '', '', '', '', v.status, CAST(1 AS BIGINT)
  FROM village_registrations v;

CREATE VIEW report_records_departures (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'departures', n.on_date, substr(n.village_code, 1, 5), substr(n.village_code, 1, 8), n.village_code,
       n.organisation_id, p.sex, '', '', '', COALESCE(n.channel, ''), CAST(1 AS BIGINT)
  FROM migration_notices n JOIN people p ON p.id = n.person_id WHERE n.kind = 'departure';

CREATE VIEW report_records_returns (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'returns', n.on_date, substr(n.village_code, 1, 5), substr(n.village_code, 1, 8), n.village_code,
       n.organisation_id, p.sex, '', '', COALESCE(n.reason, ''), COALESCE(n.follow_up, ''), CAST(1 AS BIGINT)
  FROM migration_notices n JOIN people p ON p.id = n.person_id WHERE n.kind = 'return';

CREATE VIEW report_records_forum_actions_done (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'forum_actions_done', f.closed_on, f.district_code, '', '',
       f.owner_id, '', '', '', '', '', CAST(1 AS BIGINT)
  FROM forum_actions f WHERE f.status = 'done' AND f.closed_on IS NOT NULL;

CREATE VIEW report_records_gbv_incidents (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'gbv_incidents', i.first_report_date, c.district_code, '', '',
       '00000000-0000-0000-0000-000000000000'::uuid, p.sex, '', '', i.gbv_type, '', CAST(1 AS BIGINT)
  FROM case_incidents i JOIN cases c ON c.id = i.case_id JOIN people p ON p.id = c.person_id
  WHERE i.reporting_consent = TRUE AND i.gbv_type <> 'non_gbv'
    AND NOT EXISTS (SELECT 1 FROM case_incidents e JOIN cases ec ON ec.id = e.case_id
                    WHERE ec.person_id = c.person_id AND e.gbv_type = i.gbv_type
                      AND e.incident_date = i.incident_date AND e.reporting_consent = TRUE
                      AND (ec.opened_at < c.opened_at OR (ec.opened_at = c.opened_at AND ec.id < c.id)));

CREATE VIEW report_records_first_actions_overdue (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'first_actions_overdue', ((c.first_action_due) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, p.district_code, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END), coalesce(p.village_code, ''),
       c.organisation_id, p.sex, '', '', c.kind, c.stage, CAST(1 AS BIGINT)
  FROM cases c JOIN people p ON p.id = c.person_id
  WHERE c.status = 'open' AND c.first_action_at IS NULL AND c.first_action_due < now();

CREATE VIEW report_records_amounts_claimed (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'amounts_claimed', day, district, kecamatan, village, organisation, sex, '', '', kind, '', CAST(1 AS BIGINT) FROM report_claims;

CREATE VIEW report_records_amounts_claimed_idr (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'amounts_claimed_idr', day, district, kecamatan, village, organisation, sex, '', '', kind, '', idr FROM report_claims;

CREATE VIEW report_records_amounts_recovered (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'amounts_recovered', day, district, kecamatan, village, organisation, sex, '', '', kind, '', CAST(1 AS BIGINT) FROM report_recoveries;

CREATE VIEW report_records_amounts_recovered_idr (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'amounts_recovered_idr', day, district, kecamatan, village, organisation, sex, '', '', kind, '', idr FROM report_recoveries;

CREATE VIEW report_records_warning_hours_to_acknowledge (indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n) AS
SELECT 'warning_hours_to_acknowledge', ((w.raised_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, substr(w.village_code, 1, 5),
       (CASE WHEN w.restricted THEN '' ELSE substr(w.village_code, 1, 8) END),
       (CASE WHEN w.restricted THEN '' ELSE w.village_code END),
       (CASE WHEN w.restricted THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE w.raised_by_organisation END), '', '', '', w.kind, CAST(FLOOR(EXTRACT(EPOCH FROM (w.acknowledged_at - w.raised_at)) / 3600) AS BIGINT)::text, CAST(1 AS BIGINT)
  FROM early_warnings w WHERE w.acknowledged_at IS NOT NULL;

CREATE VIEW report_records AS
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_women_reached
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_people_trained
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_people_organised
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_local_regulations
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_villages
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_competency_tests_passed
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_early_warnings
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_village_registrations
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_departures
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_returns
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_forum_actions_done
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_gbv_incidents
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_first_actions_overdue
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_amounts_claimed
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_amounts_claimed_idr
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_amounts_recovered
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_amounts_recovered_idr
UNION ALL
SELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_records_warning_hours_to_acknowledge;
