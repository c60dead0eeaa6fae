"""citizen search: one index for "last name, then name", so a common surname's first page stops early

Revision ID: srch02
Revises: aud01
Create Date: 2026-12-07 12:45:00

A last-name prefix search orders the rows by the folded last name and then the folded full name
(revision 0003's comment in services/citizens/search.py: the first page of "ışık" holds Abdullah
and Ali Işık). With an index on the last name alone the database read and sorted every citizen
whose last name starts with the prefix before it could take the first 20: for "kaya" or
"yılmaz" on a million citizens some twenty thousand rows, 60 ms a keystroke. An index on both
columns gives the order directly and the read stops after the page.

Named ``search_*`` like revision 0003's structures: it lives only in migrations, outside the
models/migrations comparison. PostgreSQL compares bytes (``COLLATE "C"``, as the query does) and
drops 0003's last-name index, which the new one covers; SQLite keeps the model's
``ix_citizen_last_name_folded``.
"""

from __future__ import annotations

from alembic import op

revision = "srch02"
down_revision = "aud01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE INDEX search_citizen_last_then_name ON citizen (last_name_folded, name_folded)"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX search_citizen_last_then_name_c ON citizen "
            '(last_name_folded COLLATE "C", name_folded COLLATE "C")'
        )
        op.execute("DROP INDEX IF EXISTS search_citizen_last_name_c")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP INDEX IF EXISTS search_citizen_last_then_name")
    elif dialect == "postgresql":
        op.execute(
            'CREATE INDEX search_citizen_last_name_c ON citizen (last_name_folded COLLATE "C")'
        )
        op.execute("DROP INDEX IF EXISTS search_citizen_last_then_name_c")
