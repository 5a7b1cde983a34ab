-- More indicators counted live from the community's own records (small
-- tables written by hand), added to the view of 0035: competency tests
-- passed (each competent candidate, on the test's day, in the test's
-- district), early warnings (by the local day raised; a restricted warning
-- counts in its district only, never in its kecamatan or village nor under
-- the organisation that raised it), village
-- registrations (by the local day registered, `detail` the status),
-- departures and returns notified by villages (`detail` the channel, or
-- the reason as `category` and the follow-up as `detail`), and forum action
-- items done (on the day closed, by the owner), and GBV incidents (GBVIMS
-- type, on the day first reported, in the case's district only and never
-- by organisation; only where the survivor consented to reporting, and
-- once per survivor, type and day of the incident: a report another
-- organisation recorded first is not counted again).
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
                      AND (ec.opened_at < c.opened_at OR (ec.opened_at = c.opened_at AND ec.id < c.id)));
