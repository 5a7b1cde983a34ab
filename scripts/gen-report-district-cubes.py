#!/usr/bin/env python3
"""Writes migration 0044 (report_district_days, report_district_months) for both engines.

    python3 scripts/gen-report-district-cubes.py

The events of 0034's report_days and report_months without kecamatan and
village: see the header of the migration it writes.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
NAME = "0044_report_district_cubes.sql"
KEY = ["indicator", "day", "district", "organisation", "sex", "age_group", "stage", "category", "detail"]
KEYS = ", ".join(KEY)
TABLES = [("report_days", "report_district_days"), ("report_months", "report_district_months")]

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


def table(engine, name):
    pg = engine == "postgres"
    date = "DATE" if pg else "TEXT"
    uuid = "UUID" if pg else "BLOB"
    types = {"day": date, "organisation": uuid}
    cols = "".join(f"    {c:<12} {types.get(c, 'TEXT')} NOT NULL,\n" for c in KEY)
    without = "" if pg else " WITHOUT ROWID"
    return (
        f"CREATE TABLE {name} (\n{cols}    n            BIGINT NOT NULL,\n    PRIMARY KEY ({KEYS})\n){without};\n"
    )


def source(fine, name):
    return (
        f"CREATE VIEW {name}_source AS\n"
        f"SELECT {KEYS}, CAST(SUM(n) AS BIGINT) AS n FROM {fine}\n"
        f"GROUP BY {KEYS} HAVING SUM(n) <> 0;\n"
    )


def fill(name):
    return f"INSERT INTO {name} ({KEYS}, n) SELECT {KEYS}, n FROM {name}_source;\n"


def add(name, r, n, pg):
    values = ", ".join(f"{r}.{c}" for c in KEY)
    n_old = f"{name}.n" if pg else "n"
    return (
        f"INSERT INTO {name} ({KEYS}, n) VALUES ({values}, {n})\n"
        f"    ON CONFLICT ({KEYS}) DO UPDATE SET n = {n_old} + excluded.n;"
    )


def sub(name, r):
    match = " AND ".join(f"{c} = {r}.{c}" for c in KEY)
    return f"UPDATE {name} SET n = n - {r}.n WHERE {match};"


def sqlite():
    out = [HEAD]
    when = "WHEN (SELECT paused FROM report_state) = 0"
    for fine, name in TABLES:
        out += [table("sqlite", name), source(fine, name)]
        out.append(
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {fine}\n{when}\nBEGIN\n"
            f"    {add(name, 'NEW', 'NEW.n', False)}\nEND;\n"
        )
        out.append(
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {fine}\n{when}\nBEGIN\n"
            f"    {sub(name, 'OLD')}\n    {add(name, 'NEW', 'NEW.n', False)}\nEND;\n"
        )
        out.append(
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {fine}\n{when}\nBEGIN\n    {sub(name, 'OLD')}\nEND;\n"
        )
        out.append(fill(name))
    return "\n".join(out)


def postgres():
    out = [HEAD]
    for fine, name in TABLES:
        out += [table("postgres", name), source(fine, name)]
        out.append(
            f"CREATE FUNCTION {name}_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            "    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;\n"
            "    IF TG_OP IN ('DELETE', 'UPDATE') THEN\n"
            f"        {sub(name, 'OLD')}\n"
            "    END IF;\n"
            "    IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
            f"        {add(name, 'NEW', 'NEW.n', True)}\n"
            "    END IF;\n"
            "    RETURN NULL;\n"
            "END $$;\n\n"
            f"CREATE TRIGGER {name}_keep AFTER INSERT OR UPDATE OR DELETE ON {fine}\n"
            f"FOR EACH ROW EXECUTE FUNCTION {name}_keep();\n"
        )
        out.append(fill(name))
    return "\n".join(out)


if __name__ == "__main__":
    (ROOT / "sqlite" / NAME).write_text(sqlite())
    (ROOT / "postgres" / NAME).write_text(postgres())
