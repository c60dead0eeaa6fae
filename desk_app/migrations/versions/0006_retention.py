"""KVKK retention: the destruction record of each retention run

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 04:00:00

``desk-app retention run`` anonymises the personal data of requests and baby-set applications
finished longer ago than ``kvkk.retention_years``; every run that changes something writes one
``destruction_record`` (when, who, the rule, counts and id ranges per kind), kept at least three
years.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "destruction_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("id_ranges", sa.JSON(), nullable=False),
        sa.Column("keep_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_destruction_record_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destruction_record")),
    )
    op.create_index("ix_destruction_record_at", "destruction_record", ["at"])
    op.create_index("ix_destruction_record_keep_until", "destruction_record", ["keep_until"])


def downgrade() -> None:
    op.drop_index("ix_destruction_record_keep_until", table_name="destruction_record")
    op.drop_index("ix_destruction_record_at", table_name="destruction_record")
    op.drop_table("destruction_record")
