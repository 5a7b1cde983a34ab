#!/usr/bin/env python3
"""Writes migration 0047 (report_people_periods) for both engines.

    python3 scripts/gen-report-people-periods.py

People first served in a month, a quarter or a year, kept from 0046's
report_people_months: see the header of the migration it writes.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_keep import pg_trigger, sqlite_triggers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
NAME = "0047_report_people_periods.sql"
DIMS = ["district", "kecamatan", "organisation", "category", "sex", "age_group", "stage"]
KEY = ["ord", "grain", "start"] + DIMS
KEYS = ", ".join(KEY)
NAME_T = "report_people_periods"

HEAD = """-- Unique people in a whole month, quarter or year, a few rows per period
-- and dimension (written by scripts/gen-report-people-periods.py: change it
-- there).
--
-- A row of report_people_months (0046) is a person's first of a month; it is
-- her first of the quarter, or of the year, when the day of her previous row
-- is before the quarter's, or the year's, first day. report_people_periods
-- counts those rows by order, grain ('M', 'Q', 'Y'), the period's first day
-- and the dimensions below the village (villages and single days stay in
-- report_people_months): the people of a month, a quarter or a year are the
-- rows of that period, and a trend by month reads a row per month and
-- dimension instead of every person's. Kept from report_people_months by
-- triggers in the same transaction (the difference of every row written
-- there), unless the aggregates are paused, after which `report rebuild`
-- writes it again from its view.
"""


class Dialect:
    def __init__(self, engine):
        self.pg = engine == "postgres"

    def start(self, grain, d):
        if self.pg:
            unit = {"M": "month", "Q": "quarter", "Y": "year"}[grain]
            return f"CAST(date_trunc('{unit}', {d}) AS DATE)"
        if grain == "M":
            return f"substr({d}, 1, 7) || '-01'"
        if grain == "Q":
            return (
                f"substr({d}, 1, 5) || printf('%02d', ((CAST(substr({d}, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1)"
                " || '-01'"
            )
        return f"substr({d}, 1, 4) || '-01-01'"

    def first(self, grain, r):
        """Whether row `r` is the first of its period of this grain."""
        if grain == "M":
            return None
        return f"{r}prev_day < {self.start(grain, r + 'day')}"


GRAINS = ["M", "Q", "Y"]


def table(d):
    types = {"start": "DATE" if d.pg else "TEXT", "organisation": "UUID" if d.pg else "BLOB"}
    cols = "".join(f"    {c:<12} {types.get(c, 'TEXT')} NOT NULL,\n" for c in KEY)
    without = "" if d.pg else " WITHOUT ROWID"
    return f"CREATE TABLE {NAME_T} (\n{cols}    n            BIGINT NOT NULL,\n    PRIMARY KEY ({KEYS})\n){without};\n"


def source(d):
    parts = []
    for g in GRAINS:
        where = d.first(g, "")
        cols = f"ord, '{g}' AS grain, {d.start(g, 'day')} AS start, " + ", ".join(DIMS) + ", n"
        parts.append(f"SELECT {cols} FROM report_people_months" + (f" WHERE {where}" if where else ""))
    return (
        f"CREATE VIEW {NAME_T}_source AS\nSELECT {KEYS}, CAST(SUM(n) AS BIGINT) AS n FROM (\n"
        + "\nUNION ALL\n".join(parts)
        + f"\n) t\nGROUP BY {KEYS} HAVING SUM(n) <> 0;\n"
    )


def values(d, g, r):
    """The key of row `r` (a prefix such as 'NEW.') in grain `g`, one value per column."""
    return [f"{r}ord", f"'{g}'", d.start(g, r + "day")] + [f"{r}{c}" for c in DIMS]


def add(d, g, r):
    n_old = f"{NAME_T}.n" if d.pg else "n"
    return (
        f"INSERT INTO {NAME_T} ({KEYS}, n) VALUES ({', '.join(values(d, g, r))}, {r}n)\n"
        f"        ON CONFLICT ({KEYS}) DO UPDATE SET n = {n_old} + excluded.n;"
    )


def sub(d, g, r):
    match = " AND ".join(f"{k} = {v}" for k, v in zip(KEY, values(d, g, r)))
    return f"UPDATE {NAME_T} SET n = n - {r}n WHERE {match};"


def sqlite_body(d, op, r):
    out = []
    for g in GRAINS:
        stmt = add(d, g, r) if op == "add" else sub(d, g, r)
        cond = d.first(g, r)
        if op == "add":
            # INSERT ... SELECT so that a condition can hold it back.
            v = ", ".join(values(d, g, r))
            stmt = stmt.replace(f"VALUES ({v}, {r}n)", f"SELECT {v}, {r}n WHERE {cond or '1'}")
        elif cond:
            stmt = stmt[:-1] + f" AND {cond};"
        out.append("    " + stmt)
    return "\n".join(out)


def sqlite():
    d = Dialect("sqlite")
    triggers = sqlite_triggers(
        NAME_T, "report_people_months", sqlite_body(d, "sub", "OLD."), sqlite_body(d, "add", "NEW.")
    )
    return "\n".join(
        [HEAD, table(d), source(d)]
        + triggers
        + [f"INSERT INTO {NAME_T} ({KEYS}, n) SELECT {KEYS}, n FROM {NAME_T}_source;\n"]
    )


def pg_body(d, op, r):
    out = []
    for g in GRAINS:
        stmt = add(d, g, r) if op == "add" else sub(d, g, r)
        cond = d.first(g, r)
        if cond:
            out.append(f"        IF {cond} THEN\n            {stmt}\n        END IF;")
        else:
            out.append(f"        {stmt}")
    return "\n".join(out)


def postgres():
    d = Dialect("postgres")
    function = pg_trigger(NAME_T, "report_people_months", pg_body(d, "sub", "OLD."), pg_body(d, "add", "NEW."))
    return "\n".join(
        [HEAD, table(d), source(d), function, f"INSERT INTO {NAME_T} ({KEYS}, n) SELECT {KEYS}, n FROM {NAME_T}_source;\n"]
    )


if __name__ == "__main__":
    (ROOT / "sqlite" / NAME).write_text(sqlite())
    (ROOT / "postgres" / NAME).write_text(postgres())
