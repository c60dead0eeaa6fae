"""What Alembic's model comparison leaves out (shared by env.py and the schema test)."""

from __future__ import annotations


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Search structures of revisions 0003, srch02 and word01 (FTS5 tables, triggers, trigram
    and "C" collation indexes, all named ``search_*``) live only in migrations; they are not
    models.
    Also the PostgreSQL-only ``auth_log_cursor`` of revision alog01 (the server log collector's
    position; no model: the application never reads it)."""
    if reflected and compare_to is None and name == "auth_log_cursor":
        return False
    return not (reflected and compare_to is None and (name or "").startswith("search_"))
