#!/usr/bin/env python3
"""Writes migration 0062 (report_people_days) for both engines.

    python3 scripts/gen-report-people-days.py

The people of the first days of a period that starts inside a month, kept
from 0034's person-days without the person, kecamatan and village: see the
header of the migration it writes.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_keep import count_table, pg_trigger, sqlite_triggers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
NAME = "0062_report_people_days.sql"
NAME_T = "report_people_days"
# The orders of 0034's person-days: (name, previous-row column, keeps the
# organisation, keeps the category), as in gen-report-people-months.py.
ORDS = [
    ("any", "prev_any", False, False),
    ("org", "prev_org", True, False),
    ("cat", "prev_cat", False, True),
    ("org_cat", "prev_org_cat", True, True),
]
KEY = ["ord", "day", "district", "prev_day", "organisation", "category", "sex", "age_group", "stage"]
KEYS = ", ".join(KEY)

HEAD = """-- The people of the first days of a period that starts inside a month,
-- without reading a row per person (written by
-- scripts/gen-report-people-days.py: change it there).
--
-- A period a..b starting inside a month counts, in a's month, every
-- person-day from a to the month's end whose previous row (in the order the
-- question needs) is before a: at ten million events, hundreds of thousands
-- of person-days read for each such question, most of the time of the
-- dashboard. report_people_days counts every person-day by order, day,
-- district, the day of the previous row when it is in the same month (else
-- '0001-01-01': any day before the month is before a) and the dimensions
-- the order keeps besides kecamatan and village (an order without
-- organisation keeps the nil UUID, without category ''). A question that
-- names no kecamatan or village and leaves no category out reads a's month
-- here: its rows of the days a..(month's end) whose previous day is before a.
-- Triggers on report_person_days keep it in the same transaction, unless the
-- aggregates are paused (a bulk load), after which `report rebuild` writes
-- it again from its view. On PostgreSQL its key carries the count (as 0053
-- made the older tables'): at ten million events a month's first days read
-- through the key alone, not ten thousand pages of the table.
"""


class Dialect:
    def __init__(self, engine):
        self.pg = engine == "postgres"
        self.nil = "'00000000-0000-0000-0000-000000000000'::uuid" if self.pg else "X'00000000000000000000000000000000'"
        self.none = "DATE '0001-01-01'" if self.pg else "'0001-01-01'"

    def month(self, d):
        if self.pg:
            return f"CAST(date_trunc('month', {d}) AS DATE)"
        return f"substr({d}, 1, 7) || '-01'"

    def values(self, r, o, p, org, cat):
        """The key of person-day `r` (a prefix such as 'NEW.', or '') in order `o`."""
        prev = f"CASE WHEN {r}{p} >= {self.month(r + 'day')} THEN {r}{p} ELSE {self.none} END"
        return [
            f"'{o}'",
            f"{r}day",
            f"{r}district",
            prev,
            f"{r}organisation" if org else self.nil,
            f"{r}category" if cat else "''",
            f"{r}sex",
            f"{r}age_group",
            f"{r}stage",
        ]


def table(d):
    types = {
        "day": "DATE" if d.pg else "TEXT",
        "prev_day": "DATE" if d.pg else "TEXT",
        "organisation": "UUID" if d.pg else "BLOB",
    }
    return count_table(NAME_T, KEY, d.pg, types, carry=True)


def source(d):
    parts = []
    for o, p, org, cat in ORDS:
        cols = ", ".join(f"{v} AS {k}" for k, v in zip(KEY, d.values("", o, p, org, cat)))
        parts.append(f"SELECT {cols}\nFROM report_person_days")
    return (
        f"CREATE VIEW {NAME_T}_source AS\nSELECT {KEYS}, CAST(COUNT(*) AS BIGINT) AS n FROM (\n"
        + "\nUNION ALL\n".join(parts)
        + f"\n) t\nGROUP BY {KEYS};\n"
    )


def upsert(d, r, sign, indent):
    out = []
    n_old = f"{NAME_T}.n" if d.pg else "n"
    for o, p, org, cat in ORDS:
        out.append(
            f"{indent}INSERT INTO {NAME_T} ({KEYS}, n) VALUES ({', '.join(d.values(r, o, p, org, cat))}, {sign})\n"
            f"{indent}    ON CONFLICT ({KEYS}) DO UPDATE SET n = {n_old} + ({sign});"
        )
    return "\n".join(out)


def sqlite_sub(d, r):
    out = []
    for o, p, org, cat in ORDS:
        match = " AND ".join(f"{k} = {v}" for k, v in zip(KEY, d.values(r, o, p, org, cat)))
        out.append(f"    UPDATE {NAME_T} SET n = n - 1 WHERE {match};")
    return "\n".join(out)


def fill():
    return f"INSERT INTO {NAME_T} ({KEYS}, n) SELECT {KEYS}, n FROM {NAME_T}_source;\n"


def sqlite():
    d = Dialect("sqlite")
    triggers = sqlite_triggers(NAME_T, "report_person_days", sqlite_sub(d, "OLD."), upsert(d, "NEW.", 1, "    "))
    return "\n".join([HEAD, table(d), source(d)] + triggers + [fill()])


def postgres():
    d = Dialect("postgres")
    function = pg_trigger(NAME_T, "report_person_days", upsert(d, "OLD.", -1, "        "), upsert(d, "NEW.", 1, "        "))
    return "\n".join([HEAD, table(d), source(d), function, fill()])


if __name__ == "__main__":
    (ROOT / "sqlite" / NAME).write_text(sqlite())
    (ROOT / "postgres" / NAME).write_text(postgres())
