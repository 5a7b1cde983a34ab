#!/usr/bin/env python3
"""Writes migration 0056 (report_area_periods, report_area_cube_stage_periods)
for both engines.

    python3 scripts/gen-report-area-periods.py

Events by area in whole quarters and years, kept from the areas' months of
0048 and 0054: see the header of the migration it writes.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_keep import pg_trigger, sqlite_triggers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
NAME = "0056_report_area_periods.sql"
AREA = ["district", "kecamatan", "village", "sex"]
# Each table: its name, the month table it is kept from, the dimensions.
TABLES = [
    ("report_area_periods", "report_area_months", AREA + ["category", "detail"]),
    ("report_area_cube_stage_periods", "report_area_cube_stage", AREA + ["age_group", "stage"]),
]
GRAINS = ["Q", "Y"]

HEAD = """-- Events by area (district, kecamatan, village) in whole quarters and years
-- (written by scripts/gen-report-area-periods.py: change it there).
--
-- A question by kecamatan or village over a year read twelve months of the
-- areas' months (0048, or 0054 with age group and stage): at ten million
-- events, hundreds of thousands of rows for one indicator, a row per
-- village, sex and category in each month. These tables count the same
-- events by quarter ('Q') and year ('Y'), the period's first day as `start`:
-- a year reads one row where it read twelve. A period's whole years and
-- quarters are read here, its other whole months from the month tables
-- (crates/store/src/reports/aggregates.rs, `month_grains`). Each is kept
-- from its month table by triggers in the same transaction, unless the
-- aggregates are paused, after which `report rebuild` writes it again from
-- its view. On PostgreSQL their keys carry the count.
"""


class Dialect:
    def __init__(self, engine):
        self.pg = engine == "postgres"

    def start(self, grain, d):
        if self.pg:
            unit = {"Q": "quarter", "Y": "year"}[grain]
            return f"CAST(date_trunc('{unit}', {d}) AS DATE)"
        if grain == "Q":
            return (
                f"substr({d}, 1, 5) || printf('%02d', ((CAST(substr({d}, 6, 2) AS INTEGER) - 1) / 3) * 3 + 1)"
                " || '-01'"
            )
        return f"substr({d}, 1, 4) || '-01-01'"


def key(dims):
    return ["indicator", "grain", "start"] + dims


def table(d, name, dims):
    types = {"start": "DATE" if d.pg else "TEXT"}
    cols = "".join(f"    {c:<12} {types.get(c, 'TEXT')} NOT NULL,\n" for c in key(dims))
    keys = ", ".join(key(dims))
    carries = " INCLUDE (n)" if d.pg else ""
    without = "" if d.pg else " WITHOUT ROWID"
    return (
        f"CREATE TABLE {name} (\n{cols}    n            BIGINT NOT NULL,\n    PRIMARY KEY ({keys}){carries}\n)"
        f"{without};\n"
    )


def source(d, name, month_table, dims):
    keys = ", ".join(key(dims))
    parts = [
        f"SELECT indicator, '{g}' AS grain, {d.start(g, 'day')} AS start, {', '.join(dims)}, n FROM {month_table}"
        for g in GRAINS
    ]
    return (
        f"CREATE VIEW {name}_source AS\nSELECT {keys}, CAST(SUM(n) AS BIGINT) AS n FROM (\n"
        + "\nUNION ALL\n".join(parts)
        + f"\n) t\nGROUP BY {keys} HAVING SUM(n) <> 0;\n"
    )


def values(d, g, r, dims):
    return [f"{r}indicator", f"'{g}'", d.start(g, r + "day")] + [f"{r}{c}" for c in dims]


def add(d, g, r, name, dims):
    keys = ", ".join(key(dims))
    n_old = f"{name}.n" if d.pg else "n"
    return (
        f"INSERT INTO {name} ({keys}, n) VALUES ({', '.join(values(d, g, r, dims))}, {r}n)\n"
        f"        ON CONFLICT ({keys}) DO UPDATE SET n = {n_old} + excluded.n;"
    )


def sub(d, g, r, name, dims):
    match = " AND ".join(f"{k} = {v}" for k, v in zip(key(dims), values(d, g, r, dims)))
    return f"UPDATE {name} SET n = n - {r}n WHERE {match};"


def body(d, op, r, name, dims, indent):
    stmts = [(add if op == "add" else sub)(d, g, r, name, dims) for g in GRAINS]
    return "\n".join(indent + s for s in stmts)


def fill(name, dims):
    keys = ", ".join(key(dims))
    return f"INSERT INTO {name} ({keys}, n) SELECT {keys}, n FROM {name}_source;\n"


def sqlite():
    d = Dialect("sqlite")
    out = [HEAD]
    for name, month_table, dims in TABLES:
        out += [table(d, name, dims), source(d, name, month_table, dims)]
        out += sqlite_triggers(
            name, month_table, body(d, "sub", "OLD.", name, dims, "    "), body(d, "add", "NEW.", name, dims, "    ")
        )
        out.append(fill(name, dims))
    return "\n".join(out)


def postgres():
    d = Dialect("postgres")
    out = [HEAD]
    for name, month_table, dims in TABLES:
        out += [table(d, name, dims), source(d, name, month_table, dims)]
        out.append(
            pg_trigger(
                name,
                month_table,
                body(d, "sub", "OLD.", name, dims, "        "),
                body(d, "add", "NEW.", name, dims, "        "),
            )
        )
        out += [fill(name, dims), f"ANALYZE {name};\n"]
    return "\n".join(out)


if __name__ == "__main__":
    (ROOT / "sqlite" / NAME).write_text(sqlite())
    (ROOT / "postgres" / NAME).write_text(postgres())
