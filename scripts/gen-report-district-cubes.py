#!/usr/bin/env python3
"""Writes migrations 0044 (report_district_days, report_district_months),
0048 (report_area_months), 0050 (the event cubes by month), 0052 (by day)
0054 (the areas' months with age group and stage) and 0055 (people by the
month of their previous row, without kecamatan) for both engines.

    python3 scripts/gen-report-district-cubes.py

The events of 0034's report_days and report_months without kecamatan and
village (0044), and the months' events by area without people's attributes
and organisations (0048), and the months' events by district with sex, age
group and one more attribute (0050): see the headers of the migrations it
writes.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
NAME = "0044_report_district_cubes.sql"
KEY = ["indicator", "day", "district", "organisation", "sex", "age_group", "stage", "category", "detail"]
TABLES = [("report_days", "report_district_days"), ("report_months", "report_district_months")]
AREA_NAME = "0048_report_area_months.sql"
AREA_KEY = ["indicator", "day", "district", "kecamatan", "village", "sex", "category", "detail"]
AREA_TABLES = [("report_months", "report_area_months")]
CUBE_NAME = "0050_report_event_cubes.sql"
CUBE_BASE = ["indicator", "day", "district", "sex", "age_group"]
# Each cube: its table and the attributes it keeps besides CUBE_BASE.
CUBES = [
    ("report_cube_category", ["category", "detail"]),
    ("report_cube_organisation", ["organisation"]),
    ("report_cube_stage", ["stage"]),
]

HEAD = """-- Events by day and by month as 0034 keeps them, without kecamatan and
-- village (written by scripts/gen-report-district-cubes.py: change it there).
--
-- report_days and report_months hold about a row per event once villages
-- and people's attributes split them; most questions (a district, an
-- organisation, sex, age, stage, a category or channel) need no village, and
-- these tables answer them from a fraction of the rows. Each is kept from its
-- finer table by triggers in the same transaction (the difference of every
-- row written there), unless the aggregates are paused, after which `report
-- rebuild` writes it again from its view (*_source) and checks it.
"""

AREA_HEAD = """-- Events by month and area (district, kecamatan, village) with sex, category
-- and detail, without organisations, age groups or migration stages (written
-- by scripts/gen-report-district-cubes.py: change it there).
--
-- A question by kecamatan or village over months read report_months, about a
-- row per event once organisations and people's attributes split it; this
-- table answers those that name none of them from a fraction of the rows.
-- Kept from report_months by triggers in the same transaction (the
-- difference of every row written there), unless the aggregates are paused,
-- after which `report rebuild` writes it again from its view.
"""

CUBE_DAY_NAME = "0052_report_event_day_cubes.sql"
AREA_CUBE_NAME = "0054_report_area_cube.sql"
AREA_CUBE_KEY = ["indicator", "day", "district", "kecamatan", "village", "sex", "age_group", "stage"]
AREA_CUBE_TABLES = [("report_months", "report_area_cube_stage")]

PREV_NAME = "0055_report_people_prev_districts.sql"
PREV_KEY = ["ord", "month", "prev_month", "district", "organisation", "category", "sex", "age_group", "stage"]
PREV_TABLES = [("report_people_prev_months", "report_people_prev_districts")]

PREV_HEAD = """-- People first served in a month, by the month of their previous row, as
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
"""

AREA_CUBE_HEAD = """-- Events by month and area (district, kecamatan, village) with sex, age group
-- and migration stage, without organisations, categories or details
-- (written by scripts/gen-report-district-cubes.py: change it there).
--
-- A question by kecamatan or village that names an age group or a stage
-- (as a row or a filter) read report_months, about a row per event: a year
-- of one indicator by village for one age group was hundreds of thousands
-- of rows at ten million events. This table answers such questions (those
-- naming no organisation, category or detail) from a fraction of them;
-- report_area_months still answers the ones naming neither (it is smaller).
-- Kept from report_months by triggers in the same transaction, unless the
-- aggregates are paused, after which `report rebuild` writes it again from
-- its view. On PostgreSQL its key carries the count (as 0053 made the
-- others'), so that its rows are read from the index alone.
"""

CUBE_DAY_HEAD = """-- Events by day and district with sex and age group and at most one more
-- attribute, as 0050 keeps them by month (written by
-- scripts/gen-report-district-cubes.py: change it there).
--
-- A period that starts or ends inside a month reads those months' days
-- from report_district_days, whose rows every attribute splits: three
-- weeks of one indicator were over a hundred thousand rows at ten million
-- events, and such questions were the slowest of the events'. Each is
-- answered from the smallest of these cubes that keeps what it names, as
-- the months are from 0050's. Each is kept from report_district_days by
-- triggers in the same transaction, unless the aggregates are paused, after
-- which `report rebuild` writes it again from its view.
"""

CUBE_HEAD = """-- Events by month and district with sex and age group and at most one more
-- attribute: the category and its detail, the organisation, or the migration
-- stage (written by scripts/gen-report-district-cubes.py: change it there).
--
-- A question over whole months read report_district_months, whose rows every
-- attribute splits (organisation, age, stage, category, detail together): a
-- year of one indicator was tens of thousands of rows at ten million events.
-- Most questions name one attribute (a row dimension, perhaps an age group or
-- a sex); each is answered from the smallest of these cubes that keeps what
-- it names (crates/store/src/reports/aggregates.rs, `event_tables`), a
-- fraction of those rows. Each is kept from report_district_months by
-- triggers in the same transaction (the difference of every row written
-- there), unless the aggregates are paused, after which `report rebuild`
-- writes it again from its view.
"""


def table(engine, name, key, include=False):
    """`include`: on PostgreSQL the key carries `n` (tables from 0054 on;
    0053 altered the earlier ones), and the filled table's statistics are
    gathered (autovacuum may be off)."""
    pg = engine == "postgres"
    date = "DATE" if pg else "TEXT"
    uuid = "UUID" if pg else "BLOB"
    types = {"day": date, "month": date, "prev_month": date, "organisation": uuid}
    cols = "".join(f"    {c:<12} {types.get(c, 'TEXT')} NOT NULL,\n" for c in key)
    without = "" if pg else " WITHOUT ROWID"
    carries = " INCLUDE (n)" if pg and include else ""
    return (
        f"CREATE TABLE {name} (\n{cols}    n            BIGINT NOT NULL,\n"
        f"    PRIMARY KEY ({', '.join(key)}){carries}\n){without};\n"
    )


def source(fine, name, key):
    return (
        f"CREATE VIEW {name}_source AS\n"
        f"SELECT {', '.join(key)}, CAST(SUM(n) AS BIGINT) AS n FROM {fine}\n"
        f"GROUP BY {', '.join(key)} HAVING SUM(n) <> 0;\n"
    )


def fill(name, key):
    return f"INSERT INTO {name} ({', '.join(key)}, n) SELECT {', '.join(key)}, n FROM {name}_source;\n"


def add(name, r, n, pg, key):
    values = ", ".join(f"{r}.{c}" for c in key)
    n_old = f"{name}.n" if pg else "n"
    return (
        f"INSERT INTO {name} ({', '.join(key)}, n) VALUES ({values}, {n})\n"
        f"    ON CONFLICT ({', '.join(key)}) DO UPDATE SET n = {n_old} + excluded.n;"
    )


def sub(name, r, key):
    match = " AND ".join(f"{c} = {r}.{c}" for c in key)
    return f"UPDATE {name} SET n = n - {r}.n WHERE {match};"


def keyed(tables, key):
    """Each (finer table, table) with its key: `key`, or the table's own when
    the pair carries a third item."""
    return [(t[0], t[1], t[2] if len(t) > 2 else key) for t in tables]


def sqlite(head, tables, key, include=False):
    out = [head]
    when = "WHEN (SELECT paused FROM report_state) = 0"
    for fine, name, key in keyed(tables, key):
        out += [table("sqlite", name, key, include), source(fine, name, key)]
        out.append(
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {fine}\n{when}\nBEGIN\n"
            f"    {add(name, 'NEW', 'NEW.n', False, key)}\nEND;\n"
        )
        out.append(
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {fine}\n{when}\nBEGIN\n"
            f"    {sub(name, 'OLD', key)}\n    {add(name, 'NEW', 'NEW.n', False, key)}\nEND;\n"
        )
        out.append(
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {fine}\n{when}\nBEGIN\n    {sub(name, 'OLD', key)}\nEND;\n"
        )
        out.append(fill(name, key))
    return "\n".join(out)


def postgres(head, tables, key, include=False):
    out = [head]
    for fine, name, key in keyed(tables, key):
        out += [table("postgres", name, key, include), source(fine, name, key)]
        out.append(
            f"CREATE FUNCTION {name}_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            "    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;\n"
            "    IF TG_OP IN ('DELETE', 'UPDATE') THEN\n"
            f"        {sub(name, 'OLD', key)}\n"
            "    END IF;\n"
            "    IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
            f"        {add(name, 'NEW', 'NEW.n', True, key)}\n"
            "    END IF;\n"
            "    RETURN NULL;\n"
            "END $$;\n\n"
            f"CREATE TRIGGER {name}_keep AFTER INSERT OR UPDATE OR DELETE ON {fine}\n"
            f"FOR EACH ROW EXECUTE FUNCTION {name}_keep();\n"
        )
        out.append(fill(name, key))
        if include:
            out.append(f"ANALYZE {name};\n")
    return "\n".join(out)


if __name__ == "__main__":
    cubes = [("report_district_months", name, CUBE_BASE + extra) for name, extra in CUBES]
    day_cubes = [("report_district_days", f"{name}_days", CUBE_BASE + extra) for name, extra in CUBES]
    for name, head, tables, key, include in [
        (NAME, HEAD, TABLES, KEY, False),
        (AREA_NAME, AREA_HEAD, AREA_TABLES, AREA_KEY, False),
        (CUBE_NAME, CUBE_HEAD, cubes, None, False),
        (CUBE_DAY_NAME, CUBE_DAY_HEAD, day_cubes, None, False),
        (AREA_CUBE_NAME, AREA_CUBE_HEAD, AREA_CUBE_TABLES, AREA_CUBE_KEY, True),
        (PREV_NAME, PREV_HEAD, PREV_TABLES, PREV_KEY, True),
    ]:
        (ROOT / "sqlite" / name).write_text(sqlite(head, tables, key, include))
        (ROOT / "postgres" / name).write_text(postgres(head, tables, key, include))
