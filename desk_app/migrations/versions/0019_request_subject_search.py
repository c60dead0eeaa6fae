"""request subject search: a folded subject with a trigram index, for a word inside a subject

Revision ID: word01
Revises: srch02
Create Date: 2026-12-07 14:30:00

The request list's text filter looks for a word inside the subject with Turkish folding (I/ı,
İ/i). Until now it replaced the upper-case letters in SQL and scanned every row: a rare word
read all 1.7 million requests of the ten-year database (2.3 s on SQLite, 0.47 s on PostgreSQL).

``request.subject_folded`` holds ``desk_app.domain.text.fold(subject)``; the model fills it on
every insert and every change of the subject through the ORM (models/request.py), the demo's
bulk rows and the retention run's anonymising UPDATE set it themselves. Existing rows are
filled here: on SQLite by one UPDATE with ``fold`` registered as an SQL function on the
connection, on PostgreSQL in batches of ids folded in Python and written back with one
UPDATE a batch joined on the primary key.

The index, as the citizen search's (revision 0003), lives outside the models and is named
``search_*`` (left out of the models/migrations comparison):

- SQLite (>= 3.34): an external-content FTS5 table with the trigram tokenizer over
  ``request.subject_folded`` (rowid = request.id), kept in sync by three triggers. Older SQLite
  builds keep the scan. A later ``batch_alter_table`` on ``request`` under SQLite rebuilds the
  table and drops its triggers; such a revision must re-create the ``search_request_*``
  triggers.
- PostgreSQL: a pg_trgm GIN index on ``subject_folded`` (``LIKE '%word%'``); the extension was
  created by revision 0003.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from alembic import op
from sqlalchemy import text

from desk_app.domain.text import fold

revision = "word01"
down_revision = "srch02"
branch_labels = None
depends_on = None

FTS_TABLE = "search_request_fts"

_SQLITE_SEARCH = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        subject_folded,
        content='request',
        content_rowid='id',
        tokenize='trigram case_sensitive 1'
    )""",
    f"""CREATE TRIGGER search_request_ai AFTER INSERT ON request BEGIN
        INSERT INTO {FTS_TABLE}(rowid, subject_folded) VALUES (new.id, new.subject_folded);
    END""",
    f"""CREATE TRIGGER search_request_ad AFTER DELETE ON request BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject_folded)
            VALUES ('delete', old.id, old.subject_folded);
    END""",
    f"""CREATE TRIGGER search_request_au AFTER UPDATE OF subject_folded ON request BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject_folded)
            VALUES ('delete', old.id, old.subject_folded);
        INSERT INTO {FTS_TABLE}(rowid, subject_folded) VALUES (new.id, new.subject_folded);
    END""",
    # Index the rows that exist already.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]

_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_request_au",
    "DROP TRIGGER IF EXISTS search_request_ad",
    "DROP TRIGGER IF EXISTS search_request_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

_PG_INDEX = (
    "CREATE INDEX search_request_subject_trgm ON request USING gin (subject_folded gin_trgm_ops)"
)

_PG_BATCH = 50_000


def _fold(subject: str | None) -> str:
    # The app's one folding rule, not a frozen copy: the column must equal what the app
    # computes for a new subject (domain.text.fold), whenever this revision runs.
    return fold(subject or "")


def _trigram_available() -> bool:
    # The trigram tokenizer came with SQLite 3.34; older builds search by a table scan.
    return sqlite3.sqlite_version_info >= (3, 34, 0)


def _backfill_sqlite() -> None:
    bind = op.get_bind()
    driver: Any = bind.connection.driver_connection
    driver.create_function("desk_fold", 1, _fold, deterministic=True)
    op.execute("UPDATE request SET subject_folded = desk_fold(subject)")


def _backfill_postgresql() -> None:
    # In batches of ids: each batch's subjects are read, folded in Python and written back
    # joined on the primary key (two round trips a batch, no temporary table).
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            text("SELECT id, subject FROM request WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": _PG_BATCH},
        ).all()
        if not rows:
            return
        bind.execute(
            text(
                "UPDATE request r SET subject_folded = v.folded "
                "FROM unnest(CAST(:ids AS bigint[]), CAST(:folded AS text[])) AS v(id, folded) "
                "WHERE r.id = v.id"
            ),
            {"ids": [row[0] for row in rows], "folded": [_fold(row[1]) for row in rows]},
        )
        last = rows[-1][0]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # NOT NULL needs a default for the rows already there; on PostgreSQL it is dropped after
    # the backfill, so an insert that forgets the column fails instead of hiding the row from
    # the search (SQLite cannot drop a default without rebuilding the table).
    op.execute("ALTER TABLE request ADD COLUMN subject_folded VARCHAR(200) NOT NULL DEFAULT ''")
    if dialect == "sqlite":
        _backfill_sqlite()
        if _trigram_available():
            for statement in _SQLITE_SEARCH:
                op.execute(statement)
    elif dialect == "postgresql":
        _backfill_postgresql()
        op.execute("ALTER TABLE request ALTER COLUMN subject_folded DROP DEFAULT")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(_PG_INDEX)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS search_request_subject_trgm")
    if dialect != "sqlite" or sqlite3.sqlite_version_info >= (3, 35, 0):
        # In place (SQLite >= 3.35 too: no index or trigger is left on the column).
        op.execute("ALTER TABLE request DROP COLUMN subject_folded")
    else:
        with op.batch_alter_table("request") as batch:
            batch.drop_column("subject_folded")
