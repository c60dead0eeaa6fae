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

from collections import namedtuple
from typing import Any

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
