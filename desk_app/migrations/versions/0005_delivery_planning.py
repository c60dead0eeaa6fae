"""delivery planning and slips: manual route order, delivery lookups by status, the slip key

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 03:20:00

A team day's route is sorted by mahalle and street until a clerk reorders it by hand;
``route_manual`` remembers that, so later bookings are appended instead of re-sorting.
``installation_secret`` holds the key that signs the slips' QR tokens, one per database so
every desk verifies every slip. The audit trail's entity id grows to 100 characters: setting keys are longer than 40.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "installation_secret",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_installation_secret")),
    )
    with op.batch_alter_table("team_day") as batch:
        batch.add_column(
            sa.Column("route_manual", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_delivery_status_kind", "delivery", ["status", "kind"])
    # Setting keys (up to 80 characters) are audited as the entity id.
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column(
            "entity_id", type_=sa.String(length=100), existing_type=sa.String(length=40)
        )


def downgrade() -> None:
    op.drop_table("installation_secret")
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column(
            "entity_id", type_=sa.String(length=40), existing_type=sa.String(length=100)
        )
    op.drop_index("ix_delivery_status_kind", table_name="delivery")
    with op.batch_alter_table("team_day") as batch:
        batch.drop_column("route_manual")
