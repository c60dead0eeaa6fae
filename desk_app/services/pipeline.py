"""Several statements in one round trip to PostgreSQL.

SQLAlchemy sends one statement and waits for its answer before the next; psycopg's pipeline
sends several and reads their answers together. The hot paths of booking (eight desks at once,
queueing on the same team day) use it for statements that do not depend on each other's
answers. Each Core statement is compiled once for psycopg; its parameters go through the bind
processors SQLAlchemy would apply (JSON, enums, time zones) and its rows through the result
processors, so a caller gets the same values as from ``session.execute``. On SQLite (one
process, no network) the same statements simply run one after the other through the session.
"""

from __future__ import annotations

import inspect
import json
from collections import namedtuple
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Table, insert, text
from sqlalchemy.exc import DBAPIError, ResourceClosedError
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Update, ValuesBase

from desk_app.services.uow import on_postgres


class _Compiled:
    """A Core statement compiled once for the driver, with its parameter and row processing."""

    def __init__(self, stmt: Any, dialect: Any, keys: tuple[str, ...]) -> None:
        # An INSERT or UPDATE names the columns its parameters give, as SQLAlchemy does.
        self.compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
        # An expanding IN list is only filled in at execution by SQLAlchemy.
        assert not self.compiled.post_compile_params, "a list parameter: write it in the SQL"
        # SQLAlchemy fills Python-side column defaults at execution; this path does not.
        prefetch = [*self.compiled.insert_prefetch, *self.compiled.update_prefetch]
        assert not prefetch, f"give these columns a value: {[c.name for c in prefetch]}"
        self.sql = self.compiled.string
        self.processors = dict(self.compiled._bind_processors)
        columns = self.compiled._result_columns
        self.row: Any = namedtuple("Row", [c[0] for c in columns], rename=True)  # type: ignore[misc]
        processors = [c[3]._cached_result_processor(dialect, None) for c in columns]
        self.result = processors if any(processors) else None

    def params(self, values: dict[str, Any]) -> dict[str, Any]:
        params = dict(self.compiled.construct_params(values))
        for name, process in self.processors.items():
            if name in params:
                params[name] = process(params[name])
        return params

    def rows(self, fetched: list[tuple[Any, ...]]) -> list[Any]:
        make = self.row._make
        if self.result is None:
            return [make(r) for r in fetched]
        processors = self.result
        return [
            make(p(v) if p is not None else v for p, v in zip(processors, r, strict=True))
            for r in fetched
        ]


_COMPILED: dict[tuple[int, str, tuple[str, ...]], _Compiled] = {}


def _compiled(session: Session, stmt: Any, params: Any) -> _Compiled:
    """Statements are module constants (built once), so their id names them."""
    dialect = session.get_bind().dialect
    first = params[0] if isinstance(params, list) else params
    keys = tuple(sorted(first)) if isinstance(stmt, ValuesBase | Update) else ()
    key = (id(stmt), dialect.name, keys)
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = _Compiled(stmt, dialect, keys)
    return found


def run_together(session: Session, work: list[tuple[Any, Any]], commit: bool = False) -> list[Any]:
    """Run ``work``, each a module-level Core statement with its parameters (a list of them:
    executemany), and return each one's rows (an empty list for a statement without any).
    On PostgreSQL in one round trip, with the COMMIT in the same one when ``commit`` (the
    session's own COMMIT that follows finds nothing to do)."""
    if not on_postgres(session):
        results = []
        for stmt, params in work:
            result: Any = session.execute(stmt, params)
            try:
                results.append(list(result))
            except ResourceClosedError:  # a statement without rows
                results.append([])
        if commit:
            session.commit()
        return results
    import psycopg

    if session.new or session.dirty or session.deleted:
        session.flush()  # as session.execute would (autoflush): the statements must see them
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    steps = [(_compiled(session, stmt, params), params) for stmt, params in work]
    cursors = []
    try:
        with driver.pipeline():
            for step, params in steps:
                cursor = driver.cursor()
                if isinstance(params, list):
                    cursor.executemany(step.sql, [step.params(p) for p in params])
                else:
                    cursor.execute(step.sql, step.params(params))
                cursors.append(cursor)
            if commit:
                driver.commit()
    except psycopg.Error as exc:
        statements = "; ".join(step.sql for step, _ in steps)
        raise DBAPIError.instance(statements, None, exc, psycopg.Error) from exc
    return [
        step.rows(cursor.fetchall()) if cursor.description else []
        for (step, _), cursor in zip(steps, cursors, strict=True)
    ]


_DEFAULTS: dict[tuple[str, tuple[str, ...]], tuple[Any, ...]] = {}
_RECORDSET: dict[tuple[str, tuple[str, ...]], Any] = {}


def _defaults(table: Table, keys: tuple[str, ...], dialect: Any) -> tuple[Any, ...]:
    """The columns rows with ``keys`` leave to their Python-side defaults, which SQLAlchemy
    computes a row at execution and these statements get from ``_values``."""
    found = _DEFAULTS.get((table.name, keys))
    if found is None:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
        found = tuple(compiled.insert_prefetch)
        for column in found:
            # Scalars and functions of nothing (utcnow); not those reading the other values.
            made = column.default
            assert made is not None and (made.is_scalar or _needs_nothing(column)), (
                f"give {table.name}.{column.name} a value: its default reads the row"
            )
        _DEFAULTS[(table.name, keys)] = found  # only once checked: a refusal is not cached
    return found


def _recordset(table: Table, keys: tuple[str, ...], dialect: Any) -> Any:
    """PostgreSQL's statement for rows with ``keys`` (defaults included)."""
    found = _RECORDSET.get((table.name, keys))
    if found is None:
        quote = dialect.identifier_preparer.quote
        columns, fields, values = [], [], []
        for n, key in enumerate(keys):
            column = table.c[key]
            kind = column.type.compile(dialect=dialect)
            columns.append(quote(column.name))
            # A JSON column's value comes as its text (SQLAlchemy's ``null`` for None included:
            # the record set would make a JSON null an SQL NULL) and is cast after. The
            # document's keys are short: they are written once a row and value.
            as_json = isinstance(column.type, JSON)
            fields.append(f"c{n} {'text' if as_json else kind}")
            values.append(f"CAST(r.c{n} AS {kind})" if as_json else f"r.c{n}")
        found = _RECORDSET[(table.name, keys)] = text(
            f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(columns)}) SELECT {', '.join(values)} "
            f"FROM json_to_recordset(CAST(:rows AS json)) AS r({', '.join(fields)})"
        )
    return found


def _values(table: Table, rows: list[dict[str, Any]], dialect: Any) -> dict[str, list[Any]]:
    """The rows a column at a time, with the columns' Python-side defaults filled in, as
    SQLAlchemy's bind processors hand them to the driver (time zones, JSON, booleans)."""
    keys = tuple(rows[0])
    assert all(len(row) == len(keys) for row in rows), "rows with different columns"
    columns = {key: [row[key] for row in rows] for key in keys}
    for column in _defaults(table, keys, dialect):
        made = column.default
        columns[column.key] = (
            [made.arg] * len(rows) if made.is_scalar else [made.arg(None) for _ in rows]
        )
    for key, values in columns.items():
        process = table.c[key].type._cached_bind_processor(dialect)
        if process is not None:
            columns[key] = [process(v) for v in values]
    return columns


def _needs_nothing(column: Any) -> bool:
    """SQLAlchemy wraps a default function that takes no argument to take the execution
    context; the one it wrapped is kept as ``__wrapped__``."""
    wrapped = getattr(column.default.arg, "__wrapped__", None)
    return wrapped is not None and not inspect.signature(wrapped).parameters


def _as_json(values: list[Any]) -> list[Any]:
    """A column's values as SQLAlchemy hands them to psycopg, as JSON values PostgreSQL reads
    back to the same: a date or time as its ISO text (with the offset and microseconds), a
    JSON column's value as its text."""
    from psycopg.types.json import Json

    first = next((v for v in values if v is not None), None)
    if first is None or isinstance(first, str | int | float):
        return values
    if isinstance(first, datetime | date | time):
        return [None if v is None else v.isoformat() for v in values]
    if isinstance(first, Json):
        return [None if v is None else (v.dumps or json.dumps)(v.obj) for v in values]
    raise TypeError(f"{type(first).__name__} has no JSON form here")


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (each with the same keys) into ``table`` in the session's transaction,
    as ``session.execute(insert(table), rows)`` does.

    On PostgreSQL as one statement reading every row from one JSON parameter
    (``json_to_recordset``): an executemany there is one INSERT a row for the server to bind
    and run, and psycopg dumps array parameters a value at a time in Python; the web import
    writes eight rows an application. The values, and the columns' Python-side defaults, go
    through the bind processors SQLAlchemy would apply, so the rows stored are the same. On
    SQLite the session's executemany (SQLite's C loop is already as fast)."""
    if not rows:
        return
    if not on_postgres(session):
        session.execute(insert(table), rows)
        return
    dialect = session.get_bind().dialect
    columns = _values(table, rows, dialect)
    document = json.dumps(
        [
            {f"c{n}": value for n, value in enumerate(values)}
            for values in zip(*(_as_json(v) for v in columns.values()), strict=True)
        ]
    )
    session.execute(_recordset(table, tuple(columns), dialect), {"rows": document})
