"""contact history: phone/address seen in the web export, kept for review

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:00:00

A re-import never overwrites a phone or address a clerk corrected; what the export says
differently is stored here and shown for review.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("web_reference", sa.String(length=40), nullable=True),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("observed", sa.JSON(), nullable=False),
        sa.Column("current", sa.JSON(), nullable=True),
        sa.Column("differs_from_current", sa.Boolean(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizen.id"],
            name=op.f("fk_contact_observation_citizen_id_citizen"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["app_user.id"],
            name=op.f("fk_contact_observation_reviewed_by_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_observation")),
    )
    op.create_index(
        "ix_contact_observation_citizen_reviewed",
        "contact_observation",
        ["citizen_id", "reviewed_at"],
        unique=False,
    )
    op.create_index(
        "ix_contact_observation_web_reference",
        "contact_observation",
        ["web_reference"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_contact_observation_web_reference", table_name="contact_observation")
    op.drop_index("ix_contact_observation_citizen_reviewed", table_name="contact_observation")
    op.drop_table("contact_observation")
