-- The last planned indicators, counted live from their records (added to
-- the view of 0038):
-- - first actions overdue: each case whose first action was not taken by the
--   SOP's deadline (taken late, or not taken when the deadline passed, and
--   the case not closed before it), on the local day of the deadline, by
--   case kind (`category`) and stage (`detail`), where the person lives;
-- - ILO forced-labour indicators and trafficking dimensions: each case
--   opened showing one, once per indicator (`category`; the case kind as
--   `detail`), on the local day opened, in the case's district only and
--   never by organisation;
-- - amounts claimed and recovered in labour complaints, in whole rupiah at
--   the recorded exchange rate of each amount's currency (the latest on or
--   before the day: the case's opening for claims, the settlement's day for
--   what was recovered); a complaint with an amount no recorded rate
--   converts is left out whole. `amounts_claimed` counts complaints,
--   `amounts_claimed_idr` their rupiah (the same for `_recovered`);
-- - hours to acknowledge an early warning (whole hours, rounded down, as
--   `detail`), on the local day raised, a restricted one in its district
--   only and never under the organisation that raised it.
DROP VIEW report_records;
DROP VIEW IF EXISTS report_claims;
CREATE VIEW report_claims AS
SELECT c.id AS case_id, ((c.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date AS day, p.district_code AS district, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END) AS kecamatan, coalesce(p.village_code, '') AS village,
       c.organisation_id AS organisation, p.sex AS sex, c.kind AS kind,
       CAST(ROUND(SUM((j->>'amount')::numeric * (CASE WHEN upper((j->>'currency')) = 'IDR' THEN 1.0 ELSE (SELECT r.idr_micros / 1000000.0 FROM exchange_rates r WHERE r.currency = upper((j->>'currency')) AND r.on_date <= ((c.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date ORDER BY r.on_date DESC LIMIT 1) END))) AS BIGINT) AS idr
  FROM case_complaints k JOIN cases c ON c.id = k.case_id JOIN people p ON p.id = c.person_id CROSS JOIN LATERAL jsonb_array_elements(k.claims::jsonb) j
  GROUP BY c.id, c.opened_at, p.district_code, p.village_code, c.organisation_id, p.sex, c.kind
  HAVING COUNT(*) = COUNT((CASE WHEN upper((j->>'currency')) = 'IDR' THEN 1.0 ELSE (SELECT r.idr_micros / 1000000.0 FROM exchange_rates r WHERE r.currency = upper((j->>'currency')) AND r.on_date <= ((c.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date ORDER BY r.on_date DESC LIMIT 1) END));

DROP VIEW IF EXISTS report_recoveries;
CREATE VIEW report_recoveries AS
SELECT c.id AS case_id, k.settled_on AS day, p.district_code AS district, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END) AS kecamatan, coalesce(p.village_code, '') AS village,
       c.organisation_id AS organisation, p.sex AS sex, c.kind AS kind,
       CAST(ROUND(k.recovered_hundredths / 100.0 * (CASE WHEN upper(k.recovered_currency) = 'IDR' THEN 1.0 ELSE (SELECT r.idr_micros / 1000000.0 FROM exchange_rates r WHERE r.currency = upper(k.recovered_currency) AND r.on_date <= k.settled_on ORDER BY r.on_date DESC LIMIT 1) END)) AS BIGINT) AS idr
  FROM case_complaints k JOIN cases c ON c.id = k.case_id JOIN people p ON p.id = c.person_id
  WHERE k.settled_on IS NOT NULL AND k.recovered_hundredths IS NOT NULL AND k.recovered_currency IS NOT NULL
    AND (CASE WHEN upper(k.recovered_currency) = 'IDR' THEN 1.0 ELSE (SELECT r.idr_micros / 1000000.0 FROM exchange_rates r WHERE r.currency = upper(k.recovered_currency) AND r.on_date <= k.settled_on ORDER BY r.on_date DESC LIMIT 1) END) IS NOT NULL;


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
  WHERE COALESCE(c.first_action_at, c.closed_at, now()) > c.first_action_due
UNION ALL
SELECT 'forced_labour_indicators', ((c.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, c.district_code, '', '',
       '00000000-0000-0000-0000-000000000000'::uuid, p.sex, '', '', j.code, c.kind, CAST(1 AS BIGINT)
  FROM cases c JOIN people p ON p.id = c.person_id CROSS JOIN LATERAL jsonb_array_elements_text(c.forced_labour_indicators::jsonb) j(code)
UNION ALL
SELECT 'forced_labour_indicators', ((c.opened_at) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date, c.district_code, '', '',
       '00000000-0000-0000-0000-000000000000'::uuid, p.sex, '', '', j.code, c.kind, CAST(1 AS BIGINT)
  FROM cases c JOIN people p ON p.id = c.person_id CROSS JOIN LATERAL jsonb_array_elements_text(c.trafficking_dimensions::jsonb) j(code)
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
