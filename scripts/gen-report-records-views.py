#!/usr/bin/env python3
"""Writes migration 0057 (one view of live records per indicator) for both
engines, from the view `report_records` as migration 0042 left it.

    python3 scripts/gen-report-records-views.py

`report_records` is the union of every indicator counted live from small
tables of its own; a question names one indicator, yet the engine prepared
(SQLite) or planned (PostgreSQL: ten milliseconds, for a query that runs
in a fraction of one) every branch of the union each time. Each indicator
now has its own view, `report_records_<indicator>`, which the store reads;
`report_records` stays, the union of those views, for checks and tests.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "crates" / "store" / "migrations"
SOURCE = "0042_report_case_flags.sql"
NAME = "0057_report_records_views.sql"
COLUMNS = "indicator, day, district, kecamatan, village, organisation, sex, age_group, stage, category, detail, n"

HEAD = """-- One view of live records per indicator (written by
-- scripts/gen-report-records-views.py from 0042's report_records: change it
-- there).
--
-- report_records is the union of every indicator counted live from small
-- tables of its own. A question names one indicator, yet every branch of
-- the union was prepared (SQLite) or planned (PostgreSQL: about ten
-- milliseconds a question, run in a fraction of one; the headline asks
-- five such indicators at once). The store now reads the indicator's own
-- view, report_records_<indicator>; report_records stays, the union of
-- those views, as before.
"""


def branches(sql: str) -> list[str]:
    body = sql[sql.index("CREATE VIEW report_records AS") + len("CREATE VIEW report_records AS"):]
    body = body.strip().rstrip(";").strip()
    return [b.strip() for b in re.split(r"\nUNION ALL\n", body)]


def indicator_of(branch: str) -> str:
    m = re.match(r"SELECT '([a-z_0-9]+)'", branch)
    if not m:
        raise SystemExit(f"a branch that names no indicator: {branch[:80]}")
    return m.group(1)


def main() -> None:
    for engine in ("sqlite", "postgres"):
        src = (ROOT / engine / SOURCE).read_text()
        by_indicator: dict[str, list[str]] = {}
        for b in branches(src):
            by_indicator.setdefault(indicator_of(b), []).append(b)
        out = [HEAD, "DROP VIEW report_records;", ""]
        for ind, parts in by_indicator.items():
            out.append(f"CREATE VIEW report_records_{ind} ({COLUMNS}) AS")
            out.append("\nUNION ALL\n".join(parts) + ";")
            out.append("")
        out.append("CREATE VIEW report_records AS")
        out.append("\nUNION ALL\n".join(f"SELECT {COLUMNS} FROM report_records_{ind}" for ind in by_indicator) + ";")
        (ROOT / engine / NAME).write_text("\n".join(out) + "\n")
        print(f"{engine}: {len(by_indicator)} views -> {NAME}")


if __name__ == "__main__":
    main()
