"""Idempotent desk saves: a client token on citizens, requests and applications

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 05:00:00

Each open form generates one random token and sends it with every attempt to save. When the
connection drops during COMMIT the desk cannot know whether the row was written; the retry
carries the same token, and the service returns the row already stored instead of inserting a
second one. The column is nullable (imports, demo data and older rows have none) and unique.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TABLES = ("citizen", "request", "babyset_application")

# Plain ALTER TABLE ADD COLUMN and a unique index: no batch rebuild, which under SQLite would
# drop the citizen search triggers of 0003.


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("client_token", sa.String(length=36), nullable=True))
        op.create_index(f"ix_{table}_client_token", table, ["client_token"], unique=True)


def downgrade() -> None:
    for table in reversed(_TABLES):
        op.drop_index(f"ix_{table}_client_token", table_name=table)
        op.drop_column(table, "client_token")  # SQLite >= 3.35 drops a column in place
