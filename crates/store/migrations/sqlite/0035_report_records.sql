-- Indicators counted live from records of their own, small tables written
-- by hand (not the ten million service events the aggregates of 0034 keep):
-- women reached (female attendance at information sessions, outreach events,
-- consultations and trainings, and the women online campaigns reached, by
-- the day they started), people trained (attendance at trainings, `detail`
-- the kind of participant), people organised (each person once, on the day
-- she first joined a union), local regulations issued, and village
-- information centres (active village governments, `day` when added).
-- Same columns as report_days; read by `reports/aggregates.rs`.
CREATE VIEW report_records AS
SELECT 'women_reached' AS indicator, a.on_date AS day, substr(a.area_code, 1, 5) AS district, (CASE WHEN length(a.area_code) >= 8 THEN substr(a.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(a.area_code) > 8 THEN a.area_code ELSE '' END) AS village,
       a.organisation_id AS organisation, 'female' AS sex, x.age_group AS age_group, '' AS stage,
       a.kind AS category, 'offline' AS detail, x.count AS n
  FROM activity_attendance x JOIN activities a ON a.id = x.activity_id
  WHERE x.sex = 'female' AND a.kind IN ('info_session', 'outreach_event', 'consultations', 'training')
UNION ALL
SELECT 'women_reached', c.starts_on, substr(c.area_code, 1, 5) AS district, (CASE WHEN length(c.area_code) >= 8 THEN substr(c.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(c.area_code) > 8 THEN c.area_code ELSE '' END) AS village,
       c.organiser_id, 'female', '', '', 'campaign', 'online', c.women_reached
  FROM campaigns c WHERE c.women_reached > 0
UNION ALL
SELECT 'people_trained', a.on_date, substr(a.area_code, 1, 5) AS district, (CASE WHEN length(a.area_code) >= 8 THEN substr(a.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(a.area_code) > 8 THEN a.area_code ELSE '' END) AS village,
       a.organisation_id, x.sex, x.age_group, '', COALESCE(a.topic, ''), x.participant, x.count
  FROM activity_attendance x JOIN activities a ON a.id = x.activity_id
  WHERE a.kind = 'training'
UNION ALL
SELECT 'people_organised', m.joined_on, p.district_code AS district, (CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END), (CASE WHEN length(p.village_code) > 8 THEN p.village_code ELSE '' END),
       m.organisation_id, p.sex, '', '', '', '', 1
  FROM memberships m JOIN people p ON p.id = m.person_id
  WHERE NOT EXISTS (SELECT 1 FROM memberships e WHERE e.person_id = m.person_id
                    AND (e.joined_on < m.joined_on OR (e.joined_on = m.joined_on AND e.id < m.id)))
UNION ALL
SELECT 'local_regulations', r.issued_on, substr(r.area_code, 1, 5) AS district, (CASE WHEN length(r.area_code) >= 8 THEN substr(r.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(r.area_code) > 8 THEN r.area_code ELSE '' END) AS village,
       zeroblob(16), '', '', '', COALESCE(r.topic, ''), r.level, 1
  FROM regulations r WHERE r.status = 'issued' AND r.issued_on IS NOT NULL
UNION ALL
SELECT 'villages', date(o.created_at, (SELECT printf('%+d minutes', utc_offset_minutes) FROM report_state)), substr(o.area_code, 1, 5) AS district, (CASE WHEN length(o.area_code) >= 8 THEN substr(o.area_code, 1, 8) ELSE '' END) AS kecamatan, (CASE WHEN length(o.area_code) > 8 THEN o.area_code ELSE '' END) AS village,
       o.id, '', '', '', '', '', 1
  FROM organisations o WHERE o.kind = 'village_government' AND o.active = 1;
