"""The mark of a desk_app SQLite file: ``PRAGMA application_id`` in the file header, set by
every migration run and on every backup copy; a restore refuses a file without it."""

from __future__ import annotations

from typing import Any

# "DKAP" as a big-endian 32-bit integer (SQLite's application_id is a signed 32-bit value).
APPLICATION_ID = 0x444B4150


def mark_sqlite(connection: Any) -> None:
    """Stamp the header of an SQLite database (a no-op on PostgreSQL)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
