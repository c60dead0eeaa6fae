"""request list indexes in list order: one status, one directorate, PostgreSQL's skip

Revision ID: perf201
Revises: ulk01
Create Date: 2026-12-07 04:30:00

The request list filtered on one status (Kapalı: nearly every row of a ten-year database)
skipped to the middle by reading every row it passed to check its status (1.1 s on 1.7M
rows): (status, created_at, id) keeps one status's rows in list order, so the skip walks the
index alone and a page of one status needs no sort; (directorate_id, created_at, id) does the
same for one Müdürlük's list (its middle: 1.2 s -> 0.04 s). ix_request_created gains the id, the
list's tie-break: SQLite's index held it already (the rowid), PostgreSQL's did not, so its skip
to the middle of the whole list read every row it passed and sorted each second's ties (2.3 s
on 1.7M rows; 0.36 s as an index-only scan). The summary's covering index gains channel_id
(last, its prefix unchanged): the requests by channel and month are then counted from the
index alone on PostgreSQL too (a month: 40 ms -> 2 ms; SQLite's CPU is unchanged).
"""

from __future__ import annotations

from alembic import op

_SUMMARY = [
    "created_at",
    "directorate_id",
    "status",
    "due_date",
    "citizen_id",
    "answered_at",
    "answer_seconds",
    "inform_seconds",
]

revision = "perf201"
down_revision = "ulk01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_request_status_created", "request", ["status", "created_at", "id"])
    op.create_index(
        "ix_request_directorate_created", "request", ["directorate_id", "created_at", "id"]
    )
    op.drop_index("ix_request_created", table_name="request")
    op.create_index("ix_request_created", "request", ["created_at", "id"])
    op.drop_index("ix_request_summary", table_name="request")
    op.create_index("ix_request_summary", "request", [*_SUMMARY, "channel_id"])


def downgrade() -> None:
    op.drop_index("ix_request_summary", table_name="request")
    op.create_index("ix_request_summary", "request", _SUMMARY)
    op.drop_index("ix_request_created", table_name="request")
    op.create_index("ix_request_created", "request", ["created_at"])
    op.drop_index("ix_request_directorate_created", table_name="request")
    op.drop_index("ix_request_status_created", table_name="request")
