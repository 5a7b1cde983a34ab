#!/usr/bin/env python3
"""Writes migration 0046 (report_people_months by day) for both engines.

    python3 scripts/gen-report-people-months.py

Unique people in any period, kept from the person-days of migration 0034:
see the header of the migration it writes. (Migration 0043 held an earlier
version of the table, keyed by month, which 0046 replaces.)
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
NAME = "0046_report_people_months_days.sql"
# The orders of 0034's person-days: (name, previous-row column, keeps the
# organisation, keeps the category).
ORDS = [
    ("any", "prev_any", False, False),
    ("org", "prev_org", True, False),
    ("cat", "prev_cat", False, True),
    ("org_cat", "prev_org_cat", True, True),
]
KEY = "ord, day, prev_day, district, kecamatan, village, organisation, category, sex, age_group, stage"
EMPTY = "''"

HEAD = """-- Unique people in any period, read from the rows that are a person's first of
-- a month instead of every person-day of the period (written by
-- scripts/gen-report-people-months.py: change it there). Replaces 0043's
-- table, which kept the month of the previous row and could answer only
-- whole months without villages.
--
-- A person-day row is the person's first of a month (in one of the four
-- orders of 0034: any service, by organisation, by category, by both) when
-- her previous row in that order is before the month. report_people_months
-- counts those rows by order, day, the day of the previous row
-- ('0001-01-01' when none) and the dimensions the order keeps (an order
-- without organisation keeps the nil UUID, without category ''). A person is
-- served in the days a..b when one of her rows there has its previous row
-- before a: that row is in a's month (read from the person-days, at most a
-- month of them) or it is the first of a later month, whose row here has a
-- day up to b and a previous day before a. Each month on its own: its rows
-- up to b (and the person-days of the first month when a is not its 1st).
-- Triggers on report_person_days keep it in the same transaction, unless the
-- aggregates are paused (a bulk load), after which `report rebuild` writes
-- it again from report_people_months_source.
"""


class Dialect:
    def __init__(self, engine):
        self.engine = engine
        pg = engine == "postgres"
        self.nil = "'00000000-0000-0000-0000-000000000000'::uuid" if pg else "X'00000000000000000000000000000000'"
        self.none = "DATE '0001-01-01'" if pg else "'0001-01-01'"
        self.date = "DATE" if pg else "TEXT"
        self.uuid = "UUID" if pg else "BLOB"

    def month(self, d):
        if self.engine == "postgres":
            return "CAST(date_trunc('month', " + d + ") AS DATE)"
        return "substr(" + d + ", 1, 7) || '-01'"

    def values(self, r, o, p, org, cat):
        """The key of row `r` (a prefix such as 'NEW.', or '') in order `o`."""
        return [
            "'" + o + "'",
            r + "day",
            "coalesce(" + r + p + ", " + self.none + ")",
            r + "district",
            r + "kecamatan",
            r + "village",
            r + "organisation" if org else self.nil,
            r + "category" if cat else EMPTY,
            r + "sex",
            r + "age_group",
            r + "stage",
        ]

    def first(self, r, p):
        return r + p + " IS NULL OR " + r + p + " < " + self.month(r + "day")


def table(d):
    without = "" if d.engine == "postgres" else " WITHOUT ROWID"
    return (
        "CREATE TABLE report_people_months (\n"
        "    ord          TEXT NOT NULL,\n"
        f"    day          {d.date} NOT NULL,\n"
        f"    prev_day     {d.date} NOT NULL,\n"
        "    district     TEXT NOT NULL,\n"
        "    kecamatan    TEXT NOT NULL,\n"
        "    village      TEXT NOT NULL,\n"
        f"    organisation {d.uuid} NOT NULL,\n"
        "    category     TEXT NOT NULL,\n"
        "    sex          TEXT NOT NULL,\n"
        "    age_group    TEXT NOT NULL,\n"
        "    stage        TEXT NOT NULL,\n"
        "    n            BIGINT NOT NULL,\n"
        f"    PRIMARY KEY ({KEY})\n"
        f"){without};\n"
    )


def source(d):
    names = KEY.split(", ")
    parts = []
    for o, p, org, cat in ORDS:
        cols = ", ".join(v + " AS " + n for v, n in zip(d.values("", o, p, org, cat), names))
        parts.append("SELECT " + cols + "\nFROM report_person_days WHERE " + d.first("", p))
    return (
        "CREATE VIEW report_people_months_source AS\nSELECT "
        + KEY
        + ", CAST(COUNT(*) AS BIGINT) AS n FROM (\n"
        + "\nUNION ALL\n".join(parts)
        + "\n) t\nGROUP BY "
        + KEY
        + ";\n"
    )


def sqlite_add(d, r):
    out = []
    for o, p, org, cat in ORDS:
        out.append(
            f"    INSERT INTO report_people_months ({KEY}, n)\n"
            f"    SELECT {', '.join(d.values(r, o, p, org, cat))}, 1\n"
            f"    WHERE {d.first(r, p)}\n"
            f"    ON CONFLICT ({KEY}) DO UPDATE SET n = n + 1;"
        )
    return "\n".join(out)


def sqlite_sub(d, r):
    out = []
    names = KEY.split(", ")
    for o, p, org, cat in ORDS:
        match = " AND ".join(n + " = " + v for n, v in zip(names, d.values(r, o, p, org, cat)))
        out.append(
            "    UPDATE report_people_months SET n = n - 1\n"
            f"    WHERE ({d.first(r, p)})\n"
            f"      AND {match};"
        )
    return "\n".join(out)


SQLITE_DROP = """DROP TRIGGER report_people_months_insert;
DROP TRIGGER report_people_months_delete;
DROP TRIGGER report_people_months_update;
DROP VIEW report_people_months_source;
DROP TABLE report_people_months;
"""

PG_DROP = """DROP TRIGGER report_people_months_keep ON report_person_days;
DROP FUNCTION report_people_months_keep();
DROP VIEW report_people_months_source;
DROP TABLE report_people_months;
"""


def sqlite():
    d = Dialect("sqlite")
    when = "WHEN (SELECT paused FROM report_state) = 0"
    return "\n".join(
        [
            HEAD,
            SQLITE_DROP,
            table(d),
            source(d),
            f"CREATE TRIGGER report_people_months_insert AFTER INSERT ON report_person_days\n{when}\nBEGIN\n{sqlite_add(d, 'NEW.')}\nEND;\n",
            f"CREATE TRIGGER report_people_months_delete AFTER DELETE ON report_person_days\n{when}\nBEGIN\n{sqlite_sub(d, 'OLD.')}\nEND;\n",
            f"CREATE TRIGGER report_people_months_update AFTER UPDATE ON report_person_days\n{when}\nBEGIN\n{sqlite_sub(d, 'OLD.')}\n{sqlite_add(d, 'NEW.')}\nEND;\n",
            f"INSERT INTO report_people_months ({KEY}, n) SELECT {KEY}, n FROM report_people_months_source;\n",
        ]
    )


def pg_body(d, r, sign):
    out = []
    for o, p, org, cat in ORDS:
        out.append(
            f"        IF {d.first(r, p)} THEN\n"
            f"            INSERT INTO report_people_months ({KEY}, n)\n"
            f"            VALUES ({', '.join(d.values(r, o, p, org, cat))}, {sign})\n"
            f"            ON CONFLICT ({KEY}) DO UPDATE SET n = report_people_months.n + ({sign});\n"
            "        END IF;"
        )
    return "\n".join(out)


def postgres():
    d = Dialect("postgres")
    function = (
        "CREATE FUNCTION report_people_months_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;\n"
        "    IF TG_OP IN ('DELETE', 'UPDATE') THEN\n"
        f"{pg_body(d, 'OLD.', -1)}\n"
        "    END IF;\n"
        "    IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
        f"{pg_body(d, 'NEW.', 1)}\n"
        "    END IF;\n"
        "    RETURN NULL;\n"
        "END $$;\n\n"
        "CREATE TRIGGER report_people_months_keep AFTER INSERT OR UPDATE OR DELETE ON report_person_days\n"
        "FOR EACH ROW EXECUTE FUNCTION report_people_months_keep();\n"
    )
    return "\n".join(
        [
            HEAD,
            PG_DROP,
            table(d),
            source(d),
            function,
            f"INSERT INTO report_people_months ({KEY}, n) SELECT {KEY}, n FROM report_people_months_source;\n",
        ]
    )


if __name__ == "__main__":
    (ROOT / "sqlite" / NAME).write_text(sqlite())
    (ROOT / "postgres" / NAME).write_text(postgres())
