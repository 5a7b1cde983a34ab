-- Unique people are counted by scanning a period's person-days: an index
-- that holds every column the counts read answers from the index alone
-- (index-only scans), instead of a heap lookup per row.
DROP INDEX report_person_days_day;
DROP INDEX report_person_days_organisation;
CREATE INDEX report_person_days_cover ON report_person_days (day, district)
    INCLUDE (sex, stage, age_group, organisation, category, kecamatan, village,
             prev_any, prev_org, prev_cat, prev_org_cat);
