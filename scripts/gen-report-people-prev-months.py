#!/usr/bin/env python3
"""Writes migration 0049 (report_people_prev_months) for both engines.

    python3 scripts/gen-report-people-prev-months.py

People first served in any run of whole months, and the people of a loose
range, kept from 0046's report_people_months: see the header of the
migration it writes.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_keep import count_table, pg_trigger, sqlite_triggers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
NAME = "0049_report_people_prev_months.sql"
NAME_T = "report_people_prev_months"
# How far back the month of the previous row is kept; older ones (and none)
# are kept as that many months back. A run of months longer than this is
# read from report_people_months.
WINDOW = 24
DIMS = ["district", "kecamatan", "organisation", "category", "sex", "age_group", "stage"]
KEY = ["ord", "month", "prev_month"] + DIMS
KEYS = ", ".join(KEY)

HEAD = f"""-- Unique people in any run of whole months, a few rows per month and
-- dimension, and the index that bounds a loose range's remainder (written by
-- scripts/gen-report-people-prev-months.py: change it there).
--
-- A row of report_people_months (0046) is a person's first of a month, with
-- the day of her previous row. report_people_prev_months counts those rows
-- by order, month, the month of the previous row (at most {WINDOW} months back:
-- an older one, or none, is kept as {WINDOW} months back) and the dimensions
-- below the village. The people of the days a..b whose whole months run from
-- m1 to m2 (m2 less than {WINDOW} months after a's month) are then, besides a's
-- month before m1 (its person-days) and b's month after m2 (its rows in
-- report_people_months): the rows here of the months m1..m2 whose previous
-- month is before a's, and the rows of report_people_months of those months
-- whose previous day is in a's month before a (found by the index on the
-- previous day: at most the people of part of a month). Kept from
-- report_people_months by triggers in the same transaction (the difference
-- of every row written there), unless the aggregates are paused, after which
-- `report rebuild` writes it again from its view.
"""


class Dialect:
    def __init__(self, engine):
        self.pg = engine == "postgres"

    def month(self, d):
        if self.pg:
            return f"CAST(date_trunc('month', {d}) AS DATE)"
        return f"substr({d}, 1, 7) || '-01'"

    def prev_month(self, r):
        if self.pg:
            return (
                f"GREATEST({self.month(r + 'prev_day')}, "
                f"CAST(date_trunc('month', {r}day) - interval '{WINDOW} months' AS DATE))"
            )
        return f"max({self.month(r + 'prev_day')}, date({r}day, 'start of month', '-{WINDOW} months'))"


def table(d):
    types = {
        "month": "DATE" if d.pg else "TEXT",
        "prev_month": "DATE" if d.pg else "TEXT",
        "organisation": "UUID" if d.pg else "BLOB",
    }
    return count_table(NAME_T, KEY, d.pg, types)


def index(d):
    # On SQLite the index holds the table's key, and n makes it cover the
    # remainder's reads.
    cols = "ord, prev_day" if d.pg else "ord, prev_day, n"
    return f"CREATE INDEX report_people_months_prev ON report_people_months ({cols});\n"


def values(d, r):
    """The key of row `r` (a prefix such as 'NEW.'), one value per column."""
    return [f"{r}ord", d.month(r + "day"), d.prev_month(r)] + [f"{r}{c}" for c in DIMS]


def source(d):
    cols = ", ".join(f"{v} AS {k}" for k, v in zip(KEY, values(d, ""))) + ", n"
    return (
        f"CREATE VIEW {NAME_T}_source AS\nSELECT {KEYS}, CAST(SUM(n) AS BIGINT) AS n FROM (\n"
        f"SELECT {cols} FROM report_people_months\n) t\nGROUP BY {KEYS} HAVING SUM(n) <> 0;\n"
    )


def add(d, r):
    n_old = f"{NAME_T}.n" if d.pg else "n"
    return (
        f"INSERT INTO {NAME_T} ({KEYS}, n) VALUES ({', '.join(values(d, r))}, {r}n)\n"
        f"        ON CONFLICT ({KEYS}) DO UPDATE SET n = {n_old} + excluded.n;"
    )


def sub(d, r):
    match = " AND ".join(f"{k} = {v}" for k, v in zip(KEY, values(d, r)))
    return f"UPDATE {NAME_T} SET n = n - {r}n WHERE {match};"


def sqlite():
    d = Dialect("sqlite")
    triggers = sqlite_triggers(NAME_T, "report_people_months", f"    {sub(d, 'OLD.')}", f"    {add(d, 'NEW.')}")
    return "\n".join(
        [HEAD, table(d), index(d), source(d)]
        + triggers
        + [f"INSERT INTO {NAME_T} ({KEYS}, n) SELECT {KEYS}, n FROM {NAME_T}_source;\n"]
    )


def postgres():
    d = Dialect("postgres")
    function = pg_trigger(NAME_T, "report_people_months", f"        {sub(d, 'OLD.')}", f"        {add(d, 'NEW.')}")
    return "\n".join(
        [
            HEAD,
            table(d),
            index(d),
            source(d),
            function,
            f"INSERT INTO {NAME_T} ({KEYS}, n) SELECT {KEYS}, n FROM {NAME_T}_source;\n",
        ]
    )


if __name__ == "__main__":
    (ROOT / "sqlite" / NAME).write_text(sqlite())
    (ROOT / "postgres" / NAME).write_text(postgres())
