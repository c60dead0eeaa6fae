"""one channel's request list in list order: PostgreSQL's skip to the middle from the index

Revision ID: chan01
Revises: word01
Create Date: 2026-12-07 14:50:00

ix_request_channel_created gains the id, the list's tie-break, as the status and directorate
indexes did in perf201: without it PostgreSQL could not walk one channel's rows in list order
from the index alone, so the middle of the busiest channel (153 calls, 1.5M of 1.7M rows) went
through ix_request_created reading every row it passed to check its channel (0.7 s on the
ten-year copy; 85 ms as an index-only scan). SQLite's index held the id already (the rowid).
"""

from __future__ import annotations

from alembic import op

revision = "chan01"
down_revision = "word01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_request_channel_created", table_name="request")
    op.create_index("ix_request_channel_created", "request", ["channel_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_request_channel_created", table_name="request")
    op.create_index("ix_request_channel_created", "request", ["channel_id", "created_at"])
