"""Copy a (big) desk_app SQLite database into an empty PostgreSQL database, for the benchmark.

    python bench/sqlite_to_pg.py --sqlite /tmp/big.db --pg postgresql://postgres@host:port/big

The ten-year demo takes an hour and more on PostgreSQL on a busy 2-core machine; copying the
SQLite file built once with the same generator (``desk-app demo --years 2016-2025 --citizens
1000000 --seed 1``) gives the same rows in minutes. The PostgreSQL schema is made by the
migrations (``db upgrade``, roles and grants included), then every table the two have in common
is emptied and filled with COPY in foreign-key order (no trigger, no foreign-key check), the
id sequences are moved past the copied ids and
the tables are analysed and vacuumed (index-only scans need the visibility map). SQLite's
full-text search tables (``search_citizen_fts*``, ``search_request_fts*``) have no PostgreSQL
counterpart and are skipped; the folded columns they index (``citizen.name_folded``,
``request.subject_folded``) are copied as the SQLite file holds them, and PostgreSQL's trigram
indexes on them are kept up by the COPY. Both databases must be at the same revision; run
``db upgrade`` on the SQLite file first. Only for a throw-away benchmark database: it runs as
the server's superuser.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Boolean, MetaData

from desk_app.db import Database

# The installation secret stays the one the PostgreSQL migrations made.
SKIP = {"alembic_version", "installation_secret"}


def copy_table(lite: sqlite3.Connection, raw: Any, table: Any) -> int:
    lite_columns = {r[1] for r in lite.execute(f'PRAGMA table_info("{table.name}")')}
    columns = [c for c in table.columns if c.name in lite_columns]
    names = ", ".join(f'"{c.name}"' for c in columns)
    booleans = [i for i, c in enumerate(columns) if isinstance(c.type, Boolean)]
    n = 0
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        rows = lite.execute(f'SELECT {names} FROM "{table.name}"')
        while batch := rows.fetchmany(20_000):
            for row in batch:
                if booleans:
                    values = list(row)
                    for i in booleans:
                        if values[i] is not None:
                            values[i] = bool(values[i])
                    copy.write_row(values)
                else:
                    copy.write_row(row)
            n += len(batch)
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", required=True, type=Path)
    parser.add_argument("--pg", required=True, help="URL of an empty PostgreSQL database")
    args = parser.parse_args(argv)
    lite = sqlite3.connect(f"file:{args.sqlite}?mode=ro", uri=True)
    lite_rev = lite.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    db = Database(args.pg)
    state = db.upgrade()
    if state.current != lite_rev:
        print(f"the SQLite file is at {lite_rev}, PostgreSQL at {state.current}: upgrade it")
        return 2
    lite_tables = {r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    meta = MetaData()
    meta.reflect(db.engine)
    started = time.perf_counter()
    with db.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        raw.execute("SET TIME ZONE 'UTC'")  # SQLite holds UTC timestamps without a zone
        # The rows are copied as they are: no trigger (the audit log's actor stamp) and no
        # foreign-key check runs during the load (superuser only).
        raw.execute("SET session_replication_role = replica")
        tables = [t for t in meta.sorted_tables if t.name not in SKIP and t.name in lite_tables]
        names = ", ".join(f'"{t.name}"' for t in tables)
        raw.execute(f"TRUNCATE {names}")  # the rows the migrations seeded
        for table in tables:
            t0 = time.perf_counter()
            n = copy_table(lite, raw, table)
            if "id" in table.columns:
                raw.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false) '
                    f"WHERE pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"
                )
            raw.commit()
            print(f"{table.name}: {n:,} rows, {time.perf_counter() - t0:.1f} s", flush=True)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    print(f"copied in {time.perf_counter() - started:.0f} s (with VACUUM ANALYZE)")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
