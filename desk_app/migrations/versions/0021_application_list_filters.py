"""application list: the mahalle and the parent's folded name on the application itself

Revision ID: apl01
Revises: chan01
Create Date: 2026-12-07 17:00:00

The Başvurular list filtered by a mahalle or by a name looked up each application's address
(``address.mahalle_id``) or parent (``citizen.name_folded``) row by row while it walked the
(status, applied_at) index, a probe into a table of a million rows per application passed: on
the ten-year PostgreSQL copy the last page of the busiest mahalle took 86-257 ms and a page of
a name up to 246 ms.

``babyset_application.mahalle_id`` (no foreign key: it is a copy of the address's, which has
one) and ``babyset_application.parent_name_folded`` now hold them, so a page is read from this
table alone; ``ix_babyset_application_mahalle_list`` (mahalle_id, status, applied_at, id)
walks one mahalle's rows of one status in list order. The model keeps them equal
(models/babyset.py): a column default fills them on any insert that leaves them out (ORM or
Core), mapper events follow a parent's new name or a changed address; the writers that have
them at hand pass them (registering, the web import's batch, the demo) and the retention
run's Core UPDATE of the names sets the anonymised one.

On PostgreSQL the name filter is a ``LIKE '%...%'`` on both folded names, served by two
pg_trgm GIN indexes (``search_babyset_application_*_trgm``, named ``search_*`` like revision
0003's and word01's: they live outside the models): the count of a name read every
application (56 ms for 44k applications on the ten-year copy after three imports; 6 ms
through the indexes). SQLite keeps a scan with ``instr`` (in process, 7-11 ms for 24k).

Existing rows are filled by one UPDATE with correlated look-ups on the primary keys, the same
statement on both databases. ``parent_name_folded`` is NOT NULL; on PostgreSQL its default is
dropped after the backfill, so an insert that forgets it fails rather than hiding the row from
the name filter (SQLite cannot drop a default without rebuilding the table).
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "apl01"
down_revision = "chan01"
branch_labels = None
depends_on = None

_INDEX = "ix_babyset_application_mahalle_list"

_PG_TRIGRAM_NAMES = (
    "search_babyset_application_parent_trgm",
    "search_babyset_application_baby_trgm",
)
_PG_TRIGRAM = (
    "CREATE INDEX search_babyset_application_parent_trgm ON babyset_application "
    "USING gin (parent_name_folded gin_trgm_ops)",
    "CREATE INDEX search_babyset_application_baby_trgm ON babyset_application "
    "USING gin (baby_name_folded gin_trgm_ops)",
)

_BACKFILL = """
UPDATE babyset_application SET
    mahalle_id = (
        SELECT address.mahalle_id FROM address WHERE address.id = babyset_application.address_id
    ),
    parent_name_folded = (
        SELECT citizen.name_folded FROM citizen WHERE citizen.id = babyset_application.citizen_id
    )
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("babyset_application", sa.Column("mahalle_id", sa.Integer(), nullable=True))
    op.execute(
        "ALTER TABLE babyset_application "
        "ADD COLUMN parent_name_folded VARCHAR(201) NOT NULL DEFAULT ''"
    )
    op.execute(_BACKFILL)
    if dialect == "postgresql":
        op.execute("ALTER TABLE babyset_application ALTER COLUMN parent_name_folded DROP DEFAULT")
    op.create_index(
        _INDEX, "babyset_application", ["mahalle_id", "status", "applied_at", "id"], unique=False
    )
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for statement in _PG_TRIGRAM:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in _PG_TRIGRAM_NAMES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index(_INDEX, table_name="babyset_application")
    if op.get_bind().dialect.name != "sqlite" or sqlite3.sqlite_version_info >= (3, 35, 0):
        # In place (SQLite >= 3.35 too: the index on the column is gone).
        op.execute("ALTER TABLE babyset_application DROP COLUMN parent_name_folded")
        op.execute("ALTER TABLE babyset_application DROP COLUMN mahalle_id")
    else:
        with op.batch_alter_table("babyset_application") as batch:
            batch.drop_column("parent_name_folded")
            batch.drop_column("mahalle_id")
