#!/usr/bin/env python3
"""Writes migration 0034 (report aggregates) for both engines.

The aggregates behind the reports are kept by triggers, in the same
transaction as each write, so that no write path (a page, the API, an
import, a bulk loader) can forget them. What each source row counts for is
defined once per source, as a view (`report_facts_<source>`); the triggers
add a new row's facts and subtract an old row's, and `satuatap report
rebuild` recomputes the tables from the same views and compares. This
script writes the two dialects from one description; run it after changing
the description and commit both files (a released migration never changes:
add a new one instead).

    python3 scripts/gen-report-aggregates.py
"""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/store/migrations"
NAME = "0034_report_aggregates.sql"
REFRESH = "0061_report_person_days_by_difference.sql"

KEY = ["indicator", "day", "district", "kecamatan", "village", "organisation",
       "sex", "age_group", "stage", "category", "detail"]


class Dialect:
    def __init__(self, name):
        self.name = name
        self.pg = name == "postgres"

    def day(self, ts):
        """The local calendar day of a timestamp (offset from report_state)."""
        if self.pg:
            return (f"(({ts}) AT TIME ZONE 'UTC' + (SELECT utc_offset_minutes FROM report_state) "
                    f"* INTERVAL '1 minute')::date")
        return f"date({ts}, (SELECT printf('%+d minutes', utc_offset_minutes) FROM report_state))"

    def month(self, day):
        if self.pg:
            return f"date_trunc('month', {day})::date"
        return f"strftime('%Y-%m-01', {day})"

    def nil(self):
        return "'00000000-0000-0000-0000-000000000000'::uuid" if self.pg else "zeroblob(16)"

    def date_type(self):
        return "DATE" if self.pg else "TEXT"

    def id_type(self):
        return "UUID" if self.pg else "BLOB"

    def age(self, p, day):
        """Age group (code list) at `day` of person row `p`."""
        if self.pg:
            return f"report_age_group({p}.birth_date, {p}.estimated_age, {p}.created_at, {day})"
        years_b = (f"(CAST(strftime('%Y', {day}) AS INTEGER) - CAST(strftime('%Y', {p}.birth_date) AS INTEGER)"
                   f" - (strftime('%m-%d', {day}) < strftime('%m-%d', {p}.birth_date)))")
        years_e = (f"({p}.estimated_age + CAST(strftime('%Y', {day}) AS INTEGER)"
                   f" - CAST(strftime('%Y', {p}.created_at) AS INTEGER))")
        a = (f"(CASE WHEN {p}.birth_date IS NOT NULL THEN {years_b} "
             f"WHEN {p}.estimated_age IS NOT NULL THEN {years_e} END)")
        return age_case(a)

    def kec(self, code):
        return f"(CASE WHEN length({code}) >= 8 THEN substr({code}, 1, 8) ELSE '' END)"

    def vil(self, code):
        return f"(CASE WHEN length({code}) > 8 THEN {code} ELSE '' END)"

    def dist(self, code):
        return f"substr({code}, 1, 5)"

    def days_between(self, a, b):
        if self.pg:
            return f"({b} - {a})"
        return f"CAST(julianday({b}) - julianday({a}) AS INTEGER)"

    def text(self, x):
        return f"CAST({x} AS TEXT)"


def age_case(a):
    return (f"(CASE WHEN {a} IS NULL THEN 'unknown' WHEN {a} < 15 THEN '0_14' WHEN {a} < 18 THEN '15_17' "
            f"WHEN {a} < 25 THEN '18_24' WHEN {a} < 35 THEN '25_34' WHEN {a} < 45 THEN '35_44' "
            f"WHEN {a} < 60 THEN '45_59' ELSE '60_plus' END)")


def person_dims(d, p, day):
    """Place, sex, age group and stage of a person at `day`."""
    return {
        "district": f"{p}.district_code",
        "kecamatan": d.kec(f"{p}.village_code"),
        "village": f"coalesce({p}.village_code, '')",
        "sex": f"{p}.sex",
        "age_group": d.age(p, day),
        "stage": f"coalesce({p}.stage, '')",
    }


# Each source: its table, the columns whose change moves its facts, how a
# trigger row finds its facts in the view (`{r}` is NEW or OLD), how to find
# the person whose service days it touches, and the view's body as a list of
# SELECTs, each returning the KEY columns but `day` as a raw `day` value.
def sources(d):
    nil = d.nil()
    out = []

    def view(indicator, day, frm, dims, org, category="''", detail="''", n="1", where=None,
             person="p.id", source_id="x.id"):
        cols = {
            "source_id": source_id,
            "person_id": person,
            "indicator": f"'{indicator}'",
            "day": day,
            "district": dims["district"],
            "kecamatan": dims["kecamatan"],
            "village": dims["village"],
            "organisation": org,
            "sex": dims["sex"],
            "age_group": dims["age_group"],
            "stage": dims["stage"],
            "category": category,
            "detail": detail,
            "n": n,
        }
        sel = ",\n       ".join(f"{v} AS {k}" for k, v in cols.items())
        w = f"\nWHERE {where}" if where else ""
        return f"SELECT {sel}\nFROM {frm}{w}"

    # Visits to the office, by channel; the office's organisation.
    vday = d.day("x.at")
    out.append(dict(
        name="visits", table="visits", columns=["person_id", "office_id", "channel", "at"],
        match="source_id = {r}.id", person="{r}.person_id",
        selects=[view("visits", vday,
                      "visits x JOIN people p ON p.id = x.person_id JOIN offices o ON o.id = x.office_id",
                      person_dims(d, "p", vday), "o.organisation_id", detail="x.channel")],
    ))
    # Each desk a visit went to (visits by desk).
    dday = d.day("x.queued_at")
    out.append(dict(
        name="visit_desks", table="visit_desks", columns=["organisation_id", "queued_at"],
        match="source_id = {r}.visit_id AND organisation = {r}.organisation_id",
        person="(SELECT person_id FROM visits WHERE id = {r}.visit_id)",
        selects=[view("desk_services", dday,
                      "visit_desks x JOIN visits v ON v.id = x.visit_id JOIN people p ON p.id = v.person_id",
                      person_dims(d, "p", dday), "x.organisation_id", source_id="x.visit_id",
                      detail="v.channel")],
    ))
    # Cases opened and closed, by kind (and outcome).
    oday = d.day("x.opened_at")
    cday = d.day("x.closed_at")
    out.append(dict(
        name="cases", table="cases",
        columns=["person_id", "kind", "status", "organisation_id", "opened_at", "closed_at", "outcome"],
        match="source_id = {r}.id", person="{r}.person_id",
        selects=[
            view("cases_opened", oday, "cases x JOIN people p ON p.id = x.person_id",
                 person_dims(d, "p", oday), "x.organisation_id", category="x.kind"),
            view("cases_closed", cday, "cases x JOIN people p ON p.id = x.person_id",
                 person_dims(d, "p", cday), "x.organisation_id", category="x.kind",
                 detail="coalesce(x.outcome, '')", where="x.closed_at IS NOT NULL"),
        ],
    ))
    # Case notes: a day of case work (no aggregate of their own; people served).
    out.append(dict(
        name="case_notes", table="case_notes", columns=["case_id", "created_at"],
        match=None, person="(SELECT person_id FROM cases WHERE id = {r}.case_id)", selects=[],
    ))
    # Referrals: sent (by need, current status), answered (accepted or
    # declined) and completed; days to acceptance by the receiving side.
    sday = d.day("x.sent_at")
    aday = d.day("x.answered_at")
    fday = d.day("x.completed_at")
    waited = d.days_between(d.day("x.sent_at"), d.day("x.answered_at"))
    out.append(dict(
        name="referrals", table="referrals",
        columns=["person_id", "status", "need", "from_organisation_id", "to_organisation_id",
                 "sent_at", "answered_at", "completed_at"],
        match="source_id = {r}.id", person="{r}.person_id",
        selects=[
            view("referrals", sday, "referrals x JOIN people p ON p.id = x.person_id",
                 person_dims(d, "p", sday), "x.from_organisation_id",
                 category="coalesce(x.need, '')", detail="x.status"),
            view("referrals_answered", aday, "referrals x JOIN people p ON p.id = x.person_id",
                 person_dims(d, "p", aday), "x.to_organisation_id",
                 category="coalesce(x.need, '')",
                 detail="(CASE WHEN x.status = 'declined' THEN 'declined' ELSE 'accepted' END)",
                 where="x.answered_at IS NOT NULL AND x.status IN ('accepted', 'declined', 'completed')"),
            view("referral_days_to_acceptance", aday, "referrals x JOIN people p ON p.id = x.person_id",
                 person_dims(d, "p", aday), "x.to_organisation_id",
                 category="coalesce(x.need, '')",
                 detail=d.text(f"(CASE WHEN {waited} > 60 THEN 60 ELSE {waited} END)"),
                 where="x.answered_at IS NOT NULL AND x.status IN ('accepted', 'completed')"),
            view("referrals_completed", fday, "referrals x JOIN people p ON p.id = x.person_id",
                 person_dims(d, "p", fday), "x.to_organisation_id",
                 category="coalesce(x.need, '')", where="x.completed_at IS NOT NULL"),
        ],
    ))
    # Hotline and remote counselling contacts, named or not.
    hday = d.day("x.at")
    hdims = {
        "district": "x.district_code",
        "kecamatan": f"coalesce({d.kec('p.village_code')}, '')",
        "village": "coalesce(p.village_code, '')",
        "sex": "coalesce(p.sex, x.caller_sex, '')",
        "age_group": f"(CASE WHEN p.id IS NULL THEN 'unknown' ELSE {d.age('p', hday)} END)",
        "stage": "coalesce(p.stage, '')",
    }
    out.append(dict(
        name="hotline_contacts", table="hotline_contacts",
        columns=["person_id", "at", "channel", "topic", "district_code", "organisation_id", "caller_sex"],
        match="source_id = {r}.id", person="{r}.person_id",
        selects=[view("hotline_contacts", hday,
                      "hotline_contacts x LEFT JOIN people p ON p.id = x.person_id",
                      hdims, "x.organisation_id", category="x.topic", detail="x.channel",
                      person="x.person_id")],
    ))
    # Attendance at activities, as counted by sex, age group and participant.
    adims = {
        "district": d.dist("a.area_code"),
        "kecamatan": d.kec("a.area_code"),
        "village": d.vil("a.area_code"),
        "sex": "x.sex",
        "age_group": "(CASE WHEN x.age_group = '' THEN 'unknown' ELSE x.age_group END)",
        "stage": "''",
    }
    out.append(dict(
        name="activity_attendance", table="activity_attendance",
        columns=["sex", "age_group", "participant", "count"],
        match="source_id = {r}.activity_id AND sex = {r}.sex "
              "AND age_group = (CASE WHEN {r}.age_group = '' THEN 'unknown' ELSE {r}.age_group END) "
              "AND detail = {r}.participant",
        person=None,
        selects=[view("attendance", "a.on_date", "activity_attendance x JOIN activities a ON a.id = x.activity_id",
                      adims, "a.organisation_id", category="a.kind", detail="x.participant",
                      n="x.count", person="CAST(NULL AS UUID)" if d.pg else "NULL",
                      source_id="x.activity_id")],
    ))
    # An activity moved to another day, place, organiser or kind moves its attendance.
    out.append(dict(
        name="activities", view="activity_attendance", table="activities",
        columns=["on_date", "area_code", "organisation_id", "kind"],
        match="source_id = {r}.id", person=None, selects=[],
    ))
    return out


def service_facts(d):
    """Every day a person was served, where, by which organisation and how."""
    parts = [
        ("x.person_id", d.day("x.at"), "o.organisation_id", "visit",
         "visits x JOIN offices o ON o.id = x.office_id", None),
        ("v.person_id", d.day("x.queued_at"), "x.organisation_id", "visit",
         "visit_desks x JOIN visits v ON v.id = x.visit_id", None),
        ("x.person_id", d.day("x.opened_at"), "x.organisation_id", "case", "cases x", None),
        ("c.person_id", d.day("x.created_at"), "c.organisation_id", "case",
         "case_notes x JOIN cases c ON c.id = x.case_id", None),
        ("x.person_id", d.day("x.sent_at"), "x.from_organisation_id", "referral", "referrals x", None),
        ("x.person_id", d.day("x.answered_at"), "x.to_organisation_id", "referral", "referrals x",
         "x.status IN ('accepted', 'completed') AND x.answered_at IS NOT NULL"),
        ("x.person_id", d.day("x.completed_at"), "x.to_organisation_id", "referral", "referrals x",
         "x.completed_at IS NOT NULL"),
        ("x.person_id", d.day("x.at"), "x.organisation_id", "counselling", "hotline_contacts x",
         "x.person_id IS NOT NULL"),
    ]
    sels = []
    for person, day, org, cat, frm, where in parts:
        w = f" WHERE {where}" if where else ""
        sels.append(f"SELECT {person} AS person_id, {day} AS day, {org} AS organisation, "
                    f"'{cat}' AS category FROM {frm}{w}")
    return "\nUNION ALL\n".join(sels)


def refresh_select(d, which):
    """The rows of report_person_days for the people `which` selects
    (a condition on `person_id`, the record served)."""
    dims = person_dims(d, "p", "f.day")
    return f"""SELECT f.person_id, f.day, f.organisation, f.category,
       {dims['district']} AS district, {dims['kecamatan']} AS kecamatan, {dims['village']} AS village,
       {dims['sex']} AS sex, {dims['age_group']} AS age_group, {dims['stage']} AS stage,
       LAG(f.day) OVER (PARTITION BY f.person_id ORDER BY f.day, f.organisation, f.category) AS prev_any,
       LAG(f.day) OVER (PARTITION BY f.person_id, f.organisation ORDER BY f.day, f.category) AS prev_org,
       LAG(f.day) OVER (PARTITION BY f.person_id, f.category ORDER BY f.day, f.organisation) AS prev_cat,
       LAG(f.day) OVER (PARTITION BY f.person_id, f.organisation, f.category ORDER BY f.day) AS prev_org_cat
FROM (SELECT DISTINCT coalesce(q.merged_into, s.person_id) AS person_id, s.day, s.organisation, s.category
      FROM report_service_facts s JOIN people q ON q.id = s.person_id
      WHERE {which}) f
JOIN people p ON p.id = f.person_id"""


PD_COLS = ("person_id, day, organisation, category, district, kecamatan, village, sex, age_group, stage, "
           "prev_any, prev_org, prev_cat, prev_org_cat")


def refresh_person(d, person, diff=False):
    """Statements that recompute the service days of the person `person`
    (an expression) and of whoever was merged into her. With `diff`
    (migration 0061), only the rows that change are deleted and written
    (each row written or deleted moves the tables kept from this one): the
    stale ones (hers, not as recomputed), then the missing ones."""
    canon = f"coalesce((SELECT merged_into FROM people WHERE id = {person}), {person})"
    which = (f"s.person_id IN (SELECT id FROM people WHERE id = {canon} OR merged_into = {canon})")
    if not diff:
        return [
            f"DELETE FROM report_person_days WHERE person_id = {person} OR person_id = {canon}",
            f"INSERT INTO report_person_days ({PD_COLS})\n{refresh_select(d, which)}\nWHERE true",
        ]
    mine = f"(person_id = {person} OR person_id = {canon})"
    fresh = refresh_select(d, which)
    return [
        f"DELETE FROM report_person_days WHERE {mine}\n"
        f"  AND (person_id, day, organisation, category) IN (SELECT person_id, day, organisation, category FROM (\n"
        f"    SELECT {PD_COLS} FROM report_person_days WHERE {mine}\n    EXCEPT\n{fresh}) stale)",
        f"INSERT INTO report_person_days ({PD_COLS})\nSELECT {PD_COLS} FROM (\n{fresh}\n"
        f"EXCEPT\nSELECT {PD_COLS} FROM report_person_days WHERE {mine}) missing\nWHERE true",
    ]


def upsert(d, table, select, sign):
    keys = ", ".join(KEY)
    n = "SUM(n)" if sign > 0 else "-SUM(n)"
    day = "day" if table == "report_days" else d.month("day")
    cols = ", ".join(day if k == "day" else k for k in KEY)
    return (f"INSERT INTO {table} ({keys}, n)\nSELECT {cols}, {n} FROM ({select}) facts WHERE true\n"
            f"GROUP BY {cols}\n"
            f"ON CONFLICT ({keys}) DO UPDATE SET n = {table}.n + excluded.n")


def fact_statements(d, src, r, sign):
    if not src["match"]:
        return []
    view = src.get("view", src["name"])
    sel = f"SELECT * FROM report_facts_{view} WHERE " + src["match"].format(r=r)
    return [upsert(d, "report_days", sel, sign), upsert(d, "report_months", sel, sign)]


def generate(d):
    nil = d.nil()
    dt = d.date_type()
    idt = d.id_type()
    out = []
    w = out.append
    w("-- Aggregates behind the reports, kept by triggers in the same transaction")
    w("-- as each write (generated by scripts/gen-report-aggregates.py: change it there).")
    w("--")
    w("-- report_days / report_months: how many of each indicator's events, by day")
    w("-- (month) and dimension; `organisation` is the nil UUID when none, a text")
    w("-- dimension '' when unknown or not applicable. report_person_days: one row per")
    w("-- person, day, organisation and kind of service, with the day of the person's")
    w("-- previous row in four orders, so that the people served in any range are")
    w("-- counted without DISTINCT: a row counts when it is the person's first in the")
    w("-- range (its previous day is before the range, or there is none).")
    w("")
    w(f"""CREATE TABLE report_state (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    utc_offset_minutes INTEGER NOT NULL,
    paused             {'BOOLEAN' if d.pg else 'INTEGER'} NOT NULL,
    rebuilt_at         {'TIMESTAMPTZ' if d.pg else 'TEXT'}
);
INSERT INTO report_state (id, utc_offset_minutes, paused) VALUES (1, 420, {'false' if d.pg else '0'});
""")
    for t in ("report_days", "report_months"):
        w(f"""CREATE TABLE {t} (
    indicator    TEXT NOT NULL,
    day          {dt} NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    organisation {idt} NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    category     TEXT NOT NULL,
    detail       TEXT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY ({', '.join(KEY)})
){'' if d.pg else ' WITHOUT ROWID'};
CREATE INDEX {t}_district ON {t} (indicator, district, day);
CREATE INDEX {t}_organisation ON {t} (indicator, organisation, day);
""")
    w(f"""CREATE TABLE report_person_days (
    person_id    {idt} NOT NULL,
    day          {dt} NOT NULL,
    organisation {idt} NOT NULL,
    category     TEXT NOT NULL,
    district     TEXT NOT NULL,
    kecamatan    TEXT NOT NULL,
    village      TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    stage        TEXT NOT NULL,
    prev_any     {dt},
    prev_org     {dt},
    prev_cat     {dt},
    prev_org_cat {dt},
    PRIMARY KEY (person_id, day, organisation, category)
){'' if d.pg else ' WITHOUT ROWID'};
CREATE INDEX report_person_days_day ON report_person_days (day, district);
CREATE INDEX report_person_days_organisation ON report_person_days (organisation, day);
CREATE INDEX referrals_person ON referrals (person_id);
CREATE INDEX people_merged_into ON people (merged_into);
""")
    if d.pg:
        a = ("(CASE WHEN birth IS NOT NULL THEN date_part('year', age(d, birth))::int "
             "WHEN est IS NOT NULL THEN est + date_part('year', d)::int - date_part('year', created)::int END)")
        w(f"""CREATE FUNCTION report_age_group(birth DATE, est INTEGER, created TIMESTAMPTZ, d DATE)
RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
SELECT {age_case(a)}
$$;
""")
    srcs = sources(d)
    for s in srcs:
        if s["selects"]:
            body = "\nUNION ALL\n".join(s["selects"])
            w(f"CREATE VIEW report_facts_{s['name']} AS\n{body};\n")
    w(f"CREATE VIEW report_service_facts AS\n{service_facts(d)};\n")
    # What the three tables must hold, computed from the source rows: the
    # rebuild writes these and the check compares them (`satuatap report rebuild`).
    keys = ", ".join(KEY)
    every = "\nUNION ALL\n".join(f"SELECT {keys}, n FROM report_facts_{s['name']}"
                                  for s in srcs if s["selects"])
    w(f"CREATE VIEW report_days_source AS\nSELECT {keys}, SUM(n) AS n FROM (\n{every}\n) facts\n"
      f"GROUP BY {keys}\nHAVING SUM(n) <> 0;\n")
    mcols = ", ".join(d.month("day") if k == "day" else k for k in KEY)
    w(f"CREATE VIEW report_months_source AS\nSELECT {mcols.replace(d.month('day'), d.month('day') + ' AS day')}, "
      f"SUM(n) AS n FROM (\n{every}\n) facts\nGROUP BY {mcols}\nHAVING SUM(n) <> 0;\n")
    w(f"CREATE VIEW report_person_days_source AS\n{refresh_select(d, 'true')};\n")

    for s in srcs:
        t = s["table"]
        cols = ", ".join(s["columns"])
        before = fact_statements(d, s, "OLD", -1)
        after_ins, after_upd, after_del = after_source(d, s, False)
        trig(d, w, t, "insert", "AFTER INSERT", after_ins)
        trig(d, w, t, "update_before", f"BEFORE UPDATE OF {cols}", before, s["columns"])
        trig(d, w, t, "update_after", f"AFTER UPDATE OF {cols}", after_upd, s["columns"])
        trig(d, w, t, "delete_before", "BEFORE DELETE", before)
        trig(d, w, t, "delete_after", "AFTER DELETE", after_del)

    # A person's place, sex, age, stage or merge moves all her facts.
    before, after = people_statements(d, srcs, False)
    changed = PEOPLE_COLS.split(", ")
    trig(d, w, "people", "update_before", f"BEFORE UPDATE OF {PEOPLE_COLS}", before, changed)
    trig(d, w, "people", "update_after", f"AFTER UPDATE OF {PEOPLE_COLS}", after, changed)
    return "\n".join(out) + "\n"


def after_source(d, s, diff):
    """The statements of a source's triggers after an insert, an update
    and a delete: its facts added, and the service days of its person
    recomputed (`diff`: by difference, migration 0061)."""
    ins = fact_statements(d, s, "NEW", +1)
    if not s["person"]:
        return ins, ins, []
    new, old = s["person"].format(r="NEW"), s["person"].format(r="OLD")
    return (ins + refresh_person(d, new, diff),
            ins + refresh_person(d, old, diff) + refresh_person(d, new, diff),
            refresh_person(d, old, diff))


PEOPLE_COLS = "sex, birth_date, estimated_age, village_code, district_code, stage, merged_into, created_at"


def people_statements(d, srcs, diff):
    """The statements of the triggers before and after a person's place,
    sex, age, stage or merge changes."""
    before, after = [], []
    for s in srcs:
        if s["selects"] and s["person"]:
            sel = f"SELECT * FROM report_facts_{s['name']} WHERE person_id = {{r}}.id"
            before += [upsert(d, "report_days", sel.format(r="OLD"), -1),
                       upsert(d, "report_months", sel.format(r="OLD"), -1)]
            after += [upsert(d, "report_days", sel.format(r="NEW"), +1),
                      upsert(d, "report_months", sel.format(r="NEW"), +1)]
    after += refresh_person(d, "OLD.id", diff)
    after += refresh_person(d, "OLD.merged_into", diff)
    return before, after


def trig(d, w, table, suffix, when, stmts, changed=None, replace=False):
    """A trigger running `stmts`; an update trigger only when one of the
    `changed` columns really changed (a statement that sets them to what
    they were costs nothing)."""
    if not stmts:
        return
    name = f"report_{table}_{suffix}"
    differs = "IS DISTINCT FROM" if d.pg else "IS NOT"
    guard = " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in changed) if changed else None
    if d.pg:
        body = ";\n    ".join(s.replace("\n", "\n    ") for s in stmts)
        ret = "NULL" if when.startswith("AFTER") else ("NEW" if "UPDATE" in when else "OLD")
        create = f"""CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW{f" WHEN ({guard})" if guard else ""} \
EXECUTE FUNCTION {name}();
"""
        w(f"""CREATE {"OR REPLACE " if replace else ""}FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT paused FROM report_state) THEN RETURN {ret}; END IF;
    {body};
    RETURN {ret};
END $$;
{"" if replace else create}""")
    else:
        body = ";\n    ".join(s.replace("\n", "\n    ") for s in stmts)
        w(f"""{f"DROP TRIGGER {name};{chr(10)}" if replace else ""}CREATE TRIGGER {name} {when} ON {table}
WHEN (SELECT paused FROM report_state) = 0{f" AND ({guard})" if guard else ""}
BEGIN
    {body};
END;
""")


def generate_refresh(d):
    """Migration 0061: the triggers of 0034 that recompute a person's
    service days, again, with `refresh_person(..., diff=True)`."""
    out = []
    w = out.append
    w("-- A person's service days (report_person_days) recomputed by difference:")
    w("-- only the rows that change are deleted and written, rather than all of")
    w("-- hers deleted and written again (each row moves the tables kept from this")
    w("-- one: a case opened for a person of three service days wrote 250 rows).")
    w("-- Generated by scripts/gen-report-aggregates.py: change it there.")
    w("")
    srcs = sources(d)
    for s in srcs:
        if not s["person"]:
            continue
        cols = ", ".join(s["columns"])
        after_ins, after_upd, after_del = after_source(d, s, True)
        trig(d, w, s["table"], "insert", "AFTER INSERT", after_ins, replace=True)
        trig(d, w, s["table"], "update_after", f"AFTER UPDATE OF {cols}", after_upd, s["columns"], replace=True)
        trig(d, w, s["table"], "delete_after", "AFTER DELETE", after_del, replace=True)
    _, after = people_statements(d, srcs, True)
    trig(d, w, "people", "update_after", f"AFTER UPDATE OF {PEOPLE_COLS}", after, PEOPLE_COLS.split(", "),
         replace=True)
    return "\n".join(out) + "\n"


def main():
    for name in ("sqlite", "postgres"):
        (OUT / name / NAME).write_text(generate(Dialect(name)))
        print(OUT / name / NAME)
        (OUT / name / REFRESH).write_text(generate_refresh(Dialect(name)))
        print(OUT / name / REFRESH)


if __name__ == "__main__":
    main()
