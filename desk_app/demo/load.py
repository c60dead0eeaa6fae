"""Bulk writing of demo row buffers for the multi-year load (millions of rows).

The big tables (citizen, address, request, request_event) skip SQLAlchemy's per-row parameter
handling: SQLite gets ``executemany`` on the driver cursor with values converted exactly as the
column types convert them (checked against SQLAlchemy's own bind processors on the first row of
every batch), PostgreSQL gets ``COPY ... FROM STDIN``. The other tables go through Core
``insert()`` as in the one-year demo. Everything runs in the caller's transaction.

While loading, the secondary indexes of the big tables are dropped and re-created at the end
with their saved DDL (sorting once is much faster than millions of b-tree inserts), on
PostgreSQL their foreign keys too (re-added with ``pg_get_constraintdef``: one validating
join each instead of a trigger check per row), and on
SQLite the insert triggers of the citizen and request searches (migrations 0003 and word01) are
dropped, then the FTS5 tables are rebuilt from ``citizen`` and ``request`` and the triggers
re-created with their saved DDL: the same schema objects and the same index contents as rows
inserted one by one.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Date, insert, text
from sqlalchemy.orm import Session

from desk_app.models import Base
from desk_app.models.base import UTCDateTime

FAST_TABLES = ("citizen", "address", "request", "request_event")
# SQLite's full-text tables (revisions 0003 and word01) and the trigger that indexes each row.
FTS_INSERT_TRIGGERS = (
    ("search_citizen_fts", "search_citizen_ai"),
    ("search_request_fts", "search_request_ai"),
)
_CORE_CHUNK = 5000
_SQLITE_CHUNK = 50_000
_SQLITE_CACHE_KIB = 512 * 1024

Converter = Callable[[Any], Any]


def _sqlite_datetime(value: datetime) -> str:
    # UTCDateTime -> naive UTC, then SQLAlchemy's SQLite DATETIME storage format.
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_date(value: date) -> str:
    return value.isoformat()


def _sqlite_bool(value: bool) -> int:
    return 1 if value else 0


class BulkLoader:
    """Writes row buffers into the session's transaction; ``begin`` before, ``finish`` after."""

    def __init__(self, session: Session, *, bulk: bool = True) -> None:
        """``bulk=False``: plain Core inserts, indexes and triggers kept (the reference)."""
        self.session = session
        self.bulk = bulk
        self.dialect = session.get_bind().dialect
        self.postgresql = self.dialect.name == "postgresql"
        self.driver: Any = session.connection().connection.driver_connection
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self._indexes: list[tuple[str, str]] = []  # (name, CREATE INDEX statement)
        self._foreign_keys: list[tuple[str, str, str]] = []  # (table, name, definition)
        self._triggers: list[tuple[str, str]] = []  # (FTS table, CREATE TRIGGER statement)
        self._cache_size: int | None = None

    # --- around the load ---------------------------------------------------------------
    def begin(self) -> None:
        if not self.bulk:
            return
        started = time.perf_counter()
        session = self.session
        if self.postgresql:
            rows = session.execute(
                text(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                    "WHERE i.schemaname = current_schema() AND i.tablename = ANY(:tables) "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    "WHERE c.conname = i.indexname AND c.contype IN ('p', 'u', 'x')) "
                    "ORDER BY i.tablename, i.indexname"
                ),
                {"tables": list(FAST_TABLES)},
            ).all()
            # Foreign keys of the big tables: checked row by row during COPY, validated in one
            # pass each when added back.
            self._foreign_keys = [
                (table, name, definition)
                for table, name, definition in session.execute(
                    text(
                        "SELECT c.conrelid::regclass::text, c.conname, "
                        "pg_get_constraintdef(c.oid) FROM pg_constraint c "
                        "WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(:tables) "
                        "ORDER BY 1, 2"
                    ),
                    {"tables": list(FAST_TABLES)},
                )
            ]
            for table, name, _ in self._foreign_keys:
                session.execute(text(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"'))
        else:
            self._cache_size = session.execute(text("PRAGMA cache_size")).scalar()
            session.execute(text(f"PRAGMA cache_size=-{_SQLITE_CACHE_KIB}"))
            names = ", ".join(f"'{t}'" for t in FAST_TABLES)
            rows = session.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    f"AND sql IS NOT NULL AND tbl_name IN ({names}) ORDER BY tbl_name, name"
                )
            ).all()
            for fts_table, trigger in FTS_INSERT_TRIGGERS:
                sql = session.execute(
                    text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                    {"n": trigger},
                ).scalar()
                if sql is not None:
                    session.execute(text(f"DROP TRIGGER {trigger}"))
                    self._triggers.append((fts_table, sql))
        self._indexes = [(name, sql) for name, sql in rows]
        for name, _ in self._indexes:
            session.execute(text(f'DROP INDEX "{name}"'))
        self.seconds["prepare"] += time.perf_counter() - started

    def finish(self, report: Callable[[float, str], None] | None = None) -> None:
        """Re-create the dropped indexes (and on SQLite the citizen search)."""
        session = self.session
        if not self.bulk:
            return
        if self.postgresql:
            session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        total = len(self._indexes) + 1
        for done, (name, sql) in enumerate(self._indexes):
            if report is not None:
                report(done / total, "Dizinler oluşturuluyor…")
            started = time.perf_counter()
            session.execute(text(sql))
            self.seconds[f"index {name}"] += time.perf_counter() - started
        self._indexes = []
        for table, name, definition in self._foreign_keys:
            started = time.perf_counter()
            session.execute(text(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'))
            self.seconds[f"foreign key {name}"] += time.perf_counter() - started
        self._foreign_keys = []
        if report is not None:
            report((total - 1) / total, "Vatandaş araması hazırlanıyor…")
        started = time.perf_counter()
        for fts_table, trigger_sql in self._triggers:
            session.execute(text(f"INSERT INTO {fts_table}({fts_table}) VALUES ('rebuild')"))
            session.execute(text(trigger_sql))
        self._triggers = []
        if self._cache_size is not None:
            session.execute(text(f"PRAGMA cache_size={int(self._cache_size)}"))
            self._cache_size = None
        self.seconds["search rebuild"] += time.perf_counter() - started

    # --- rows -------------------------------------------------------------------------
    def write(self, name: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        started = time.perf_counter()
        table = Base.metadata.tables[name]
        columns = list(rows[0])
        fast = self.bulk and name in FAST_TABLES
        if not fast or set(columns) != set(table.columns.keys()):
            for start in range(0, len(rows), _CORE_CHUNK):
                self.session.execute(insert(table), rows[start : start + _CORE_CHUNK])
        elif self.postgresql:
            self._copy(name, columns, rows)
        else:
            self._executemany(name, columns, rows)
        self.seconds[f"write {name}"] += time.perf_counter() - started

    def _converters(self, name: str, columns: list[str]) -> list[tuple[int, Converter]]:
        table = Base.metadata.tables[name]
        result: list[tuple[int, Converter]] = []
        if self.postgresql:  # psycopg adapts datetime (aware), date and bool itself
            return result
        for index, column in enumerate(columns):
            kind = table.c[column].type
            if isinstance(kind, UTCDateTime):
                result.append((index, _sqlite_datetime))
            elif isinstance(kind, Date):
                result.append((index, _sqlite_date))
            elif isinstance(kind, Boolean):
                result.append((index, _sqlite_bool))
        return result

    def _tuples(
        self, name: str, columns: list[str], rows: Sequence[dict[str, Any]]
    ) -> Iterator[Any]:
        get = itemgetter(*columns)
        converters = self._converters(name, columns)
        self._check(name, columns, rows[0], converters)
        if not converters:
            for row in rows:
                yield get(row)
            return
        for row in rows:
            values = list(get(row))
            for index, convert in converters:
                value = values[index]
                if value is not None:
                    values[index] = convert(value)
            yield values

    def _check(
        self, name: str, columns: list[str], row: dict[str, Any],
        converters: list[tuple[int, Converter]],
    ) -> None:  # fmt: skip
        """The fast conversion must give what SQLAlchemy would bind for the same row."""
        table = Base.metadata.tables[name]
        by_index = dict(converters)
        for index, column in enumerate(columns):
            value = row[column]
            processor = table.c[column].type._cached_bind_processor(self.dialect)
            expected = value if processor is None or value is None else processor(value)
            convert = by_index.get(index)
            got = value if convert is None or value is None else convert(value)
            if got != expected:
                raise AssertionError(f"{name}.{column}: {got!r} != {expected!r}")

    def _executemany(self, name: str, columns: list[str], rows: Sequence[dict[str, Any]]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f'INSERT INTO "{name}" ({names}) VALUES ({marks})'
        cursor = self.driver.cursor()
        try:
            for start in range(0, len(rows), _SQLITE_CHUNK):
                cursor.executemany(
                    sql, self._tuples(name, columns, rows[start : start + _SQLITE_CHUNK])
                )
        finally:
            cursor.close()

    def _copy(self, name: str, columns: list[str], rows: Sequence[dict[str, Any]]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with (
            self.driver.cursor() as cursor,
            cursor.copy(f'COPY "{name}" ({names}) FROM STDIN') as copy,
        ):
            write = copy.write_row
            for values in self._tuples(name, columns, rows):
                write(values)

    def analyze_tables(self) -> tuple[str, ...]:
        """Tables whose planner statistics are worth refreshing after the load (PostgreSQL)."""
        return FAST_TABLES if self.postgresql and self.bulk else ()
