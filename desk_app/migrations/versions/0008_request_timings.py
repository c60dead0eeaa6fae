"""request timings for the summary: seconds to the written answer and to informing the citizen

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 03:50:00

The supervisor's summary of a year reads ~180,000 requests on a ten-year database; computing
the answer and inform times from the timestamps of every row took most of its second and a
half. The two durations are stored with the timestamps (the model keeps them on every write)
and one covering index serves every figure of the summary.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = (
    "created_at",
    "directorate_id",
    "status",
    "due_date",
    "citizen_id",
    "answered_at",
    "answer_seconds",
    "inform_seconds",
)


def upgrade() -> None:
    # Plain ADD COLUMN: a batch rebuild under SQLite would copy the big table for nothing.
    op.add_column("request", sa.Column("answer_seconds", sa.Integer(), nullable=True))
    op.add_column("request", sa.Column("inform_seconds", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        seconds = "CAST((julianday({later}) - julianday({earlier})) * 86400 AS INTEGER)"
    else:
        seconds = "CAST(floor(EXTRACT(EPOCH FROM {later} - {earlier})) AS INTEGER)"
    op.execute(
        "UPDATE request SET answer_seconds = "
        + seconds.format(later="answered_at", earlier="created_at")
        + " WHERE answered_at IS NOT NULL"
    )
    op.execute(
        "UPDATE request SET inform_seconds = "
        + seconds.format(later="informed_at", earlier="answered_at")
        + " WHERE informed_at IS NOT NULL AND answered_at IS NOT NULL"
    )
    op.create_index("ix_request_summary", "request", list(_COLUMNS))


def downgrade() -> None:
    op.drop_index("ix_request_summary", table_name="request")
    op.drop_column("request", "inform_seconds")  # SQLite >= 3.35 drops a column in place
    op.drop_column("request", "answer_seconds")
