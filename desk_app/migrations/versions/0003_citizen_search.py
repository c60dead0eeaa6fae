"""citizen search: substring (trigram) and byte-order prefix indexes on the folded name

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 12:00:00

Everything here lives outside the models (virtual tables, triggers, operator-class and
collation indexes) and is named ``search_*`` so that the models/migrations comparison can
leave it out (``include_object`` in migrations/env.py and tests/services/test_db.py).

SQLite (>= 3.34): an external-content FTS5 table with the trigram tokenizer over
``citizen.name_folded`` (rowid = citizen.id), kept in sync by three triggers. Prefix ranges use
the existing ``ix_citizen_name_folded`` / ``ix_citizen_last_name_folded`` (BINARY collation,
so ``>= :p AND < :next`` is an index range).

Note for later revisions: a ``batch_alter_table`` on ``citizen`` under SQLite rebuilds the table
and drops its triggers; such a revision must re-create the ``search_citizen_*`` triggers.

PostgreSQL: pg_trgm with a GIN trigram index on ``name_folded`` (``LIKE '%...%'``), and
``COLLATE "C"`` indexes on ``name_folded`` and ``last_name_folded`` so that prefix ranges
compare bytes whatever the server's collation (a tr_TR collation would otherwise break them).
"""

from __future__ import annotations

import sqlite3

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FTS_TABLE = "search_citizen_fts"

_SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        name_folded,
        content='citizen',
        content_rowid='id',
        tokenize='trigram case_sensitive 1'
    )""",
    f"""CREATE TRIGGER search_citizen_ai AFTER INSERT ON citizen BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name_folded) VALUES (new.id, new.name_folded);
    END""",
    f"""CREATE TRIGGER search_citizen_ad AFTER DELETE ON citizen BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name_folded)
            VALUES ('delete', old.id, old.name_folded);
    END""",
    f"""CREATE TRIGGER search_citizen_au AFTER UPDATE OF name_folded ON citizen BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name_folded)
            VALUES ('delete', old.id, old.name_folded);
        INSERT INTO {FTS_TABLE}(rowid, name_folded) VALUES (new.id, new.name_folded);
    END""",
    # Index the rows that exist already (an upgraded database).
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]

_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_citizen_au",
    "DROP TRIGGER IF EXISTS search_citizen_ad",
    "DROP TRIGGER IF EXISTS search_citizen_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

_PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_citizen_name_trgm ON citizen USING gin (name_folded gin_trgm_ops)",
    'CREATE INDEX search_citizen_name_c ON citizen (name_folded COLLATE "C")',
    'CREATE INDEX search_citizen_last_name_c ON citizen (last_name_folded COLLATE "C")',
]

_PG_DOWN = [
    "DROP INDEX IF EXISTS search_citizen_last_name_c",
    "DROP INDEX IF EXISTS search_citizen_name_c",
    "DROP INDEX IF EXISTS search_citizen_name_trgm",
    # The extension stays: other objects of the server may use it.
]


def _trigram_available() -> bool:
    # The trigram tokenizer came with SQLite 3.34; older builds search by a table scan.
    return sqlite3.sqlite_version_info >= (3, 34, 0)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        if _trigram_available():
            for statement in _SQLITE_UP:
                op.execute(statement)
    elif dialect == "postgresql":
        for statement in _PG_UP:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in _PG_DOWN:
            op.execute(statement)
