# Writes migration 0042 (both dialects) from 0034 and 0040: the facts view of
# case flags (forced-labour indicators, late first actions), its triggers, the
# rebuild sources with it, and report_records without what moved. Kept for the
# record; run from the repository root: python3 scripts/gen-report-case-flags.py
import re
KEY = "indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail"
HDR = """-- Overdue first actions and forced-labour indicators from the aggregates
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
"""
def gen(d):
    pg = d == "postgres"
    src = open(f"crates/store/migrations/{d}/0040_report_records_cases.sql").read()
    agg = open(f"crates/store/migrations/{d}/0034_report_aggregates.sql").read()
    if pg:
        local = lambda e: f"(({e}) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) * INTERVAL '1 minute')::date"
        nil = "'00000000-0000-0000-0000-000000000000'::uuid"
        codes = lambda col: f"cases x JOIN people p ON p.id = x.person_id CROSS JOIN LATERAL jsonb_array_elements_text(x.{col}::jsonb) j(code)"
        code = "j.code"
        month = "date_trunc('month', day)::date"
        late = "(x.first_action_at > x.first_action_due OR (x.first_action_at IS NULL AND x.closed_at > x.first_action_due))"
        waiting = "c.status = 'open' AND c.first_action_at IS NULL AND c.first_action_due < now()"
        one = "CAST(1 AS BIGINT)"
    else:
        off = "(SELECT printf('%+d minutes', utc_offset_minutes) FROM report_state)"
        local = lambda e: f"date({e}, {off})"
        nil = "zeroblob(16)"
        codes = lambda col: f"cases x JOIN people p ON p.id = x.person_id, json_each(x.{col}) j"
        code = "j.value"
        month = "strftime('%Y-%m-01', day)"
        late = "(julianday(x.first_action_at) > julianday(x.first_action_due) OR (x.first_action_at IS NULL AND julianday(x.closed_at) > julianday(x.first_action_due)))"
        waiting = "c.status = 'open' AND c.first_action_at IS NULL AND julianday(c.first_action_due) < julianday('now')"
        one = "1"
    kec = "(CASE WHEN length(p.village_code) >= 8 THEN substr(p.village_code, 1, 8) ELSE '' END)"
    vil = "coalesce(p.village_code, '')"
    out = [HDR]
    w = out.append
    opened = local("x.opened_at")
    due = local("x.first_action_due")
    def sel(ind, day, frm, district, k, v, org, category, detail, where=None):
        s = (f"SELECT x.id AS source_id, p.id AS person_id, '{ind}' AS indicator, {day} AS day, {district} AS district, "
             f"{k} AS kecamatan, {v} AS village, {org} AS organisation, p.sex AS sex, '' AS age_group, '' AS stage, "
             f"{category} AS category, {detail} AS detail, {one} AS n\nFROM {frm}")
        return s + (f"\nWHERE {where}" if where else "")
    w("CREATE VIEW report_facts_case_flags AS\n" + "\nUNION ALL\n".join([
        sel("forced_labour_indicators", opened, codes("forced_labour_indicators"), "x.district_code", "''", "''", nil, code, "x.kind"),
        sel("forced_labour_indicators", opened, codes("trafficking_dimensions"), "x.district_code", "''", "''", nil, code, "x.kind"),
        sel("forced_labour_cases", opened, "cases x JOIN people p ON p.id = x.person_id", "x.district_code", "''", "''", nil,
            "''", "x.kind", "x.forced_labour_indicators <> '[]' OR x.trafficking_dimensions <> '[]'"),
        sel("first_actions_late", due, "cases x JOIN people p ON p.id = x.person_id", "p.district_code", kec, vil,
            "x.organisation_id", "x.kind", "x.stage", late),
    ]) + ";\n")
    # the sources rebuild compares: add the new view
    for name in ["report_days_source", "report_months_source"]:
        m = re.search(rf"CREATE VIEW {name} AS\n.*?;\n", agg, re.S)
        body = m.group(0)
        body = body.replace(") facts\n", "UNION ALL\nSELECT indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n FROM report_facts_case_flags\n) facts\n", 1)
        w(f"DROP VIEW {name};\n" + body)
    # backfill
    w(f"""INSERT INTO report_days ({KEY}, n)
SELECT {KEY}, SUM(n) FROM report_facts_case_flags GROUP BY {KEY};
INSERT INTO report_months ({KEY}, n)
SELECT indicator, {month}, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, SUM(n)
FROM report_facts_case_flags GROUP BY indicator, {month}, district, kecamatan, village, organisation, sex, age_group, stage, category, detail;
""")
    def upsert(table, r, sign):
        day = "day" if table == "report_days" else month
        return (f"    INSERT INTO {table} ({KEY}, n)\n"
                f"    SELECT indicator, {day}, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, {sign}SUM(n) "
                f"FROM (SELECT * FROM report_facts_case_flags WHERE source_id = {r}.id) facts WHERE true\n"
                f"    GROUP BY indicator, {day}, district, kecamatan, village, organisation, sex, age_group, stage, category, detail\n"
                f"    ON CONFLICT ({KEY}) DO UPDATE SET n = {table}.n + excluded.n;")
    cols = ["person_id", "kind", "stage", "organisation_id", "district_code", "opened_at", "closed_at",
            "first_action_due", "first_action_at", "forced_labour_indicators", "trafficking_dimensions"]
    if pg:
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in cols)
    else:
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in cols)
    colist = ", ".join(cols)
    both = lambda r, sign: upsert("report_days", r, sign) + "\n" + upsert("report_months", r, sign)
    if pg:
        for name, when, r, sign, ret, extra in [
            ("insert", "AFTER INSERT", "NEW", "", "NULL", ""),
            ("update_before", f"BEFORE UPDATE OF {colist}", "OLD", "-", "NEW", f" WHEN ({changed})"),
            ("update_after", f"AFTER UPDATE OF {colist}", "NEW", "", "NULL", f" WHEN ({changed})"),
            ("delete_before", "BEFORE DELETE", "OLD", "-", "OLD", ""),
        ]:
            w(f"""CREATE FUNCTION report_case_flags_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN {ret}; END IF;
{both(r, sign)}
    RETURN {ret};
END $$;
CREATE TRIGGER report_case_flags_{name} {when} ON cases FOR EACH ROW{extra} EXECUTE FUNCTION report_case_flags_{name}();
""")
    else:
        for name, when, r, sign, extra in [
            ("insert", "AFTER INSERT", "NEW", "", ""),
            ("update_before", f"BEFORE UPDATE OF {colist}", "OLD", "-", f" AND ({changed})"),
            ("update_after", f"AFTER UPDATE OF {colist}", "NEW", "", f" AND ({changed})"),
            ("delete_before", "BEFORE DELETE", "OLD", "-", ""),
        ]:
            w(f"""CREATE TRIGGER report_case_flags_{name} {when} ON cases
WHEN (SELECT paused FROM report_state) = 0{extra}
BEGIN
{both(r, sign)}
END;
""")
    # A person's sex or home moves her cases' flags (as 0034's people triggers
    # move her other facts).
    pcols = ["sex", "village_code", "district_code"]
    if pg:
        pchanged = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in pcols)
    else:
        pchanged = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in pcols)
    def pupsert(table, r, sign):
        return upsert(table, r, sign).replace(f"WHERE source_id = {r}.id", f"WHERE person_id = {r}.id")
    pboth = lambda r, sign: pupsert("report_days", r, sign) + "\n" + pupsert("report_months", r, sign)
    if pg:
        for name, when, r, sign, ret in [("before", "BEFORE", "OLD", "-", "NEW"), ("after", "AFTER", "NEW", "", "NULL")]:
            w(f"""CREATE FUNCTION report_case_flags_people_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN {ret}; END IF;
{pboth(r, sign)}
    RETURN {ret};
END $$;
CREATE TRIGGER report_case_flags_people_{name} {when} UPDATE OF {", ".join(pcols)} ON people FOR EACH ROW WHEN ({pchanged}) EXECUTE FUNCTION report_case_flags_people_{name}();
""")
    else:
        for name, when, r, sign in [("before", "BEFORE", "OLD", "-"), ("after", "AFTER", "NEW", "")]:
            w(f"""CREATE TRIGGER report_case_flags_people_{name} {when} UPDATE OF {", ".join(pcols)} ON people
WHEN (SELECT paused FROM report_state) = 0 AND ({pchanged})
BEGIN
{pboth(r, sign)}
END;
""")
    # the live part of overdue first actions; forced-labour out of the live view
    m = re.search(r"DROP VIEW report_records;.*", src, re.S)
    view = m.group(0)
    view = re.sub(r"\nUNION ALL\nSELECT 'forced_labour_indicators'.*?(?=\nUNION ALL\nSELECT 'forced_labour_indicators'|\nUNION ALL\nSELECT 'amounts_claimed')", "", view, flags=re.S)
    view = re.sub(r"\nUNION ALL\nSELECT 'forced_labour_indicators'.*?(?=\nUNION ALL\nSELECT 'amounts_claimed')", "", view, flags=re.S)
    old_over = re.search(r"\nUNION ALL\nSELECT 'first_actions_overdue'.*?(?=\nUNION ALL\n)", view, re.S).group(0)
    new_over = old_over.split("  WHERE ")[0] + f"  WHERE {waiting}"
    view = view.replace(old_over, new_over)
    assert "forced_labour_indicators" not in view
    # keep only the report_records part (the helper views stay as they are)
    rr = view[view.index("DROP VIEW report_records;"):]
    helpers_start = rr.index("\nDROP VIEW IF EXISTS report_claims;")
    helpers_end = rr.index("CREATE VIEW report_records AS")
    rr = rr[:helpers_start] + "\n" + rr[helpers_end:]
    if not pg:
        # Whole hours from whole seconds (no floating point).
        fl = "CAST(CAST((julianday(w.acknowledged_at) - julianday(w.raised_at)) * 24 AS INTEGER) AS TEXT)"
        assert fl in rr
        rr = rr.replace(fl, "CAST((CAST(strftime('%s', w.acknowledged_at) AS INTEGER) - CAST(strftime('%s', w.raised_at) AS INTEGER)) / 3600 AS TEXT)")
    w(rr.rstrip() + "\n")
    open(f"crates/store/migrations/{d}/0042_report_case_flags.sql", "w").write("\n".join(out))
for d in ["sqlite", "postgres"]:
    gen(d)
