"""Triggers that keep one report table from the rows written to another, on
both engines (shared by the gen-report-*.py scripts that write such tables).

Each takes the bodies already written for the engine: the statements that
take a row's count away (`sub`, of OLD) and add it (`add`, of NEW), indented
for their place. Nothing runs while the aggregates are paused (a bulk load,
after which `report rebuild` writes the table again from its view).
"""


def sqlite_triggers(name, on, sub, add):
    """The three SQLite triggers `<name>_insert`, `_update`, `_delete` on table `on`."""
    when = "WHEN (SELECT paused FROM report_state) = 0"
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {on}\n{when}\nBEGIN\n{add}\nEND;\n",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {on}\n{when}\nBEGIN\n{sub}\n{add}\nEND;\n",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {on}\n{when}\nBEGIN\n{sub}\nEND;\n",
    ]


def pg_trigger(name, on, sub, add):
    """The PostgreSQL function `<name>_keep()` and its row trigger on table `on`."""
    return (
        f"CREATE FUNCTION {name}_keep() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "    IF (SELECT paused FROM report_state) THEN RETURN NULL; END IF;\n"
        "    IF TG_OP IN ('DELETE', 'UPDATE') THEN\n"
        f"{sub}\n"
        "    END IF;\n"
        "    IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
        f"{add}\n"
        "    END IF;\n"
        "    RETURN NULL;\n"
        "END $$;\n\n"
        f"CREATE TRIGGER {name}_keep AFTER INSERT OR UPDATE OR DELETE ON {on}\n"
        f"FOR EACH ROW EXECUTE FUNCTION {name}_keep();\n"
    )


def count_table(name, key, pg, types, carry=False):
    """`CREATE TABLE` of a count table: its key columns (TEXT unless `types`
    names another type), n, the key as primary key (without rowid on SQLite;
    on PostgreSQL with `carry`, the key's index includes n, as 0053 made the
    older tables', so that reads are index-only scans)."""
    cols = "".join(f"    {c:<12} {types.get(c, 'TEXT')} NOT NULL,\n" for c in key)
    without = "" if pg else " WITHOUT ROWID"
    keys = ", ".join(key)
    include = " INCLUDE (n)" if pg and carry else ""
    return (
        f"CREATE TABLE {name} (\n{cols}    n            BIGINT NOT NULL,\n"
        f"    PRIMARY KEY ({keys}){include}\n){without};\n"
    )
