#!/usr/bin/env python3
"""Writes migrations 0047 (report_people_periods) and 0051
(report_people_village_periods) for both engines.

    python3 scripts/gen-report-people-periods.py

People first served in a month, a quarter or a year, kept from 0046's
report_people_months, by the dimensions below the village (0047) or by
village (0051): see the headers of the migrations it writes.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_keep import pg_trigger, sqlite_triggers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"


class Spec:
    """A table of people by period: its migration, name, dimensions, header,
    and the condition (on a row, `{r}` its prefix) for the rows it counts."""

    def __init__(self, file, name, dims, head, only=None):
        self.file, self.name, self.dims, self.head, self.only = file, name, dims, head, only
        self.key = ["ord", "grain", "start"] + dims
        self.keys = ", ".join(self.key)


PERIODS_HEAD = """-- Unique people in a whole month, quarter or year, a few rows per period
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

VILLAGE_HEAD = """-- Unique people in a whole month, quarter or year by village (written by
-- scripts/gen-report-people-periods.py: change it there).
--
-- report_people_periods (0047) leaves villages out; a question by village
-- read every person's first row of each month of its period from
-- report_people_months (a quarter: over a second at a million people).
-- This table counts the same rows as 0047 (a person's first of a month, and
-- of the quarter or year when her previous row is before its first day) by
-- area down to the village, sex, age group and migration stage, for the
-- order that counts each person once whatever she was served for ('any':
-- no organisation or category in the question). Kept from
-- report_people_months by triggers in the same transaction (the difference
-- of every row written there), unless the aggregates are paused, after
-- which `report rebuild` writes it again from its view.
"""

SPECS = [
    Spec(
        "0047_report_people_periods.sql",
        "report_people_periods",
        ["district", "kecamatan", "organisation", "category", "sex", "age_group", "stage"],
        PERIODS_HEAD,
    ),
    Spec(
        "0051_report_people_village_periods.sql",
        "report_people_village_periods",
        ["district", "kecamatan", "village", "sex", "age_group", "stage"],
        VILLAGE_HEAD,
        only="{r}ord = 'any'",
    ),
]


def condition(spec, d, g, r):
    """Whether row `r` counts in grain `g` of the table (None: always)."""
    parts = [c for c in [spec.only.format(r=r) if spec.only else None, d.first(g, r)] if c]
    return " AND ".join(parts) or None


def table(spec, d):
    types = {"start": "DATE" if d.pg else "TEXT", "organisation": "UUID" if d.pg else "BLOB"}
    cols = "".join(f"    {c:<12} {types.get(c, 'TEXT')} NOT NULL,\n" for c in spec.key)
    without = "" if d.pg else " WITHOUT ROWID"
    return (
        f"CREATE TABLE {spec.name} (\n{cols}    n            BIGINT NOT NULL,\n    PRIMARY KEY ({spec.keys})\n)"
        f"{without};\n"
    )


def source(spec, d):
    parts = []
    for g in GRAINS:
        where = condition(spec, d, g, "")
        cols = f"ord, '{g}' AS grain, {d.start(g, 'day')} AS start, " + ", ".join(spec.dims) + ", n"
        parts.append(f"SELECT {cols} FROM report_people_months" + (f" WHERE {where}" if where else ""))
    return (
        f"CREATE VIEW {spec.name}_source AS\nSELECT {spec.keys}, CAST(SUM(n) AS BIGINT) AS n FROM (\n"
        + "\nUNION ALL\n".join(parts)
        + f"\n) t\nGROUP BY {spec.keys} HAVING SUM(n) <> 0;\n"
    )


def values(spec, d, g, r):
    """The key of row `r` (a prefix such as 'NEW.') in grain `g`, one value per column."""
    return [f"{r}ord", f"'{g}'", d.start(g, r + "day")] + [f"{r}{c}" for c in spec.dims]


def add(spec, d, g, r):
    n_old = f"{spec.name}.n" if d.pg else "n"
    return (
        f"INSERT INTO {spec.name} ({spec.keys}, n) VALUES ({', '.join(values(spec, d, g, r))}, {r}n)\n"
        f"        ON CONFLICT ({spec.keys}) DO UPDATE SET n = {n_old} + excluded.n;"
    )


def sub(spec, d, g, r):
    match = " AND ".join(f"{k} = {v}" for k, v in zip(spec.key, values(spec, d, g, r)))
    return f"UPDATE {spec.name} SET n = n - {r}n WHERE {match};"


def sqlite_body(spec, d, op, r):
    out = []
    for g in GRAINS:
        stmt = add(spec, d, g, r) if op == "add" else sub(spec, d, g, r)
        cond = condition(spec, d, g, r)
        if op == "add":
            # INSERT ... SELECT so that a condition can hold it back.
            v = ", ".join(values(spec, d, g, r))
            stmt = stmt.replace(f"VALUES ({v}, {r}n)", f"SELECT {v}, {r}n WHERE {cond or '1'}")
        elif cond:
            stmt = stmt[:-1] + f" AND {cond};"
        out.append("    " + stmt)
    return "\n".join(out)


def fill(spec):
    return f"INSERT INTO {spec.name} ({spec.keys}, n) SELECT {spec.keys}, n FROM {spec.name}_source;\n"


def sqlite(spec):
    d = Dialect("sqlite")
    triggers = sqlite_triggers(
        spec.name, "report_people_months", sqlite_body(spec, d, "sub", "OLD."), sqlite_body(spec, d, "add", "NEW.")
    )
    return "\n".join([spec.head, table(spec, d), source(spec, d)] + triggers + [fill(spec)])


def pg_body(spec, d, op, r):
    out = []
    for g in GRAINS:
        stmt = add(spec, d, g, r) if op == "add" else sub(spec, d, g, r)
        cond = condition(spec, d, g, r)
        if cond:
            out.append(f"        IF {cond} THEN\n            {stmt}\n        END IF;")
        else:
            out.append(f"        {stmt}")
    return "\n".join(out)


def postgres(spec):
    d = Dialect("postgres")
    function = pg_trigger(
        spec.name, "report_people_months", pg_body(spec, d, "sub", "OLD."), pg_body(spec, d, "add", "NEW.")
    )
    return "\n".join([spec.head, table(spec, d), source(spec, d), function, fill(spec)])


if __name__ == "__main__":
    for spec in SPECS:
        (ROOT / "sqlite" / spec.file).write_text(sqlite(spec))
        (ROOT / "postgres" / spec.file).write_text(postgres(spec))
