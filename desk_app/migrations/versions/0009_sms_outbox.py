"""SMS outbox and the citizen's "SMS istemiyor"

Revision ID: sms01
Revises: 0008
Create Date: 2026-12-07 01:40:00

Messages to families are written to ``sms_message`` in the transaction of the event that causes
them (application received, delivery booked, the day-before reminder, a failed visit, a request
answered); ``desk-app notify run`` sends them. ``citizen.sms_opt_out`` records that a person
wants no SMS.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sms01"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = sa.DateTime(timezone=True)
    op.add_column(
        "citizen",
        sa.Column("sms_opt_out", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "sms_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=36), nullable=False),
        sa.Column("dedupe_key", sa.String(length=80), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("about_date", sa.Date(), nullable=True),
        sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", utc, nullable=False),
        sa.Column("claimed_by", sa.String(length=80), nullable=True),
        sa.Column("claimed_at", utc, nullable=True),
        sa.Column("provider", sa.String(length=20), nullable=True),
        sa.Column("provider_ref", sa.String(length=80), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("sent_at", utc, nullable=True),
        sa.Column("delivered_at", utc, nullable=True),
        sa.Column("finished_at", utc, nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["babyset_application.id"],
            name=op.f("fk_sms_message_application_id_babyset_application"),
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizen.id"], name=op.f("fk_sms_message_citizen_id_citizen")
        ),
        sa.ForeignKeyConstraint(
            ["delivery_id"], ["delivery.id"], name=op.f("fk_sms_message_delivery_id_delivery")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["request.id"], name=op.f("fk_sms_message_request_id_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_message")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_sms_message_dedupe_key")),
        sa.UniqueConstraint("key", name=op.f("uq_sms_message_key")),
    )
    op.create_index("ix_sms_message_status_next", "sms_message", ["status", "next_attempt_at"])
    op.create_index("ix_sms_message_citizen", "sms_message", ["citizen_id", "created_at"])
    op.create_index(op.f("ix_sms_message_application_id"), "sms_message", ["application_id"])
    op.create_index(op.f("ix_sms_message_delivery_id"), "sms_message", ["delivery_id"])
    op.create_index(op.f("ix_sms_message_request_id"), "sms_message", ["request_id"])
    # A database the demo generator filled before this revision gets its demo marker too.
    op.execute(
        "INSERT INTO setting (key, value, updated_at) "
        "SELECT 'demo.loaded', 'true', MIN(at) FROM audit_log WHERE action = 'demo.load' "
        "HAVING COUNT(*) > 0"
    )


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'demo.loaded'")
    op.drop_table("sms_message")
    op.drop_column("citizen", "sms_opt_out")
