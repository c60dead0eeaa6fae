"""reference data: mahalleler, directorates, channels, categories

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 01:00:00

Seeds only empty tables, from the CSV files shipped in resources/data (editable afterwards
by an admin: the rows are data, not code).
"""

from __future__ import annotations

import csv
import io
import unicodedata

import sqlalchemy as sa
from alembic import op

from desk_app.paths import resource_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(resource_text("data", name))))


def _fold(text: str) -> str:
    # Frozen copy of the Turkish fold at the time of this revision (migrations never import
    # code that may change later).
    text = unicodedata.normalize("NFC", text).replace("I", "ı").replace("İ", "i")
    return " ".join(text.lower().split())


def _empty(table: str) -> bool:
    count: int = op.get_bind().execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
    return count == 0


def upgrade() -> None:
    mahalle = sa.table(
        "mahalle",
        sa.column("name", sa.String),
        sa.column("name_folded", sa.String),
        sa.column("nvi_id", sa.Integer),
        sa.column("population", sa.Integer),
        sa.column("served", sa.Boolean),
        sa.column("active", sa.Boolean),
    )
    if _empty("mahalle"):
        op.bulk_insert(
            mahalle,
            [
                {
                    "name": r["mahalle"],
                    "name_folded": _fold(r["mahalle"]),
                    "nvi_id": int(r["nvi_id"]) if r["nvi_id"] else None,
                    "population": int(r["population_2025"]) if r["population_2025"] else None,
                    "served": True,
                    "active": True,
                }
                for r in _rows("corum_merkez_mahalleler.csv")
            ],
        )
    directorate = sa.table(
        "directorate",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("short", sa.String),
        sa.column("due_days", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    if _empty("directorate"):
        op.bulk_insert(
            directorate,
            [
                {"name": r["name"], "short": r["short"], "due_days": 15, "active": True}
                for r in _rows("directorates.csv")
            ],
        )
    channel = sa.table(
        "channel",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("sort_order", sa.Integer),
        sa.column("active", sa.Boolean),
    )
    if _empty("channel"):
        op.bulk_insert(
            channel,
            [
                {"code": r["code"], "name": r["name"], "sort_order": i, "active": True}
                for i, r in enumerate(_rows("channels.csv"), start=1)
            ],
        )
    if _empty("category"):
        bind = op.get_bind()
        ids: dict[str, int] = dict(
            (row[0], row[1]) for row in bind.execute(sa.text("SELECT short, id FROM directorate"))
        )
        category = sa.table(
            "category",
            sa.column("name", sa.String),
            sa.column("directorate_id", sa.Integer),
            sa.column("due_days", sa.Integer),
            sa.column("active", sa.Boolean),
        )
        op.bulk_insert(
            category,
            [
                {
                    "name": r["name"],
                    "directorate_id": ids.get(r["directorate_short"]),
                    "due_days": int(r["due_days"]),
                    "active": True,
                }
                for r in _rows("categories.csv")
            ],
        )


def downgrade() -> None:
    for table in ("category", "channel", "directorate", "mahalle"):
        op.execute(sa.text(f"DELETE FROM {table}"))
